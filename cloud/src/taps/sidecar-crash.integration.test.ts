import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readyLine } from '../../../test/child-process.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { rollupDrift } from '../../test/support/analytics-scan.ts';
import { migratedTemplate } from '../../test/support/index.ts';
import { syntheticBatches } from '../../test/support/synthetic-taps.ts';
import { TapLogWriter } from './tap-log.ts';

const sidecar = fileURLToPath(new URL('./ship-taps.ts', import.meta.url));
const TAPS = 30_000;
let database: TestDatabase;
let db: pg.Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ template: await migratedTemplate() });
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await db.end();
  await database.drop();
});

const landed = async (eventId: string) =>
  Number((await db.query('select count(*)::int as n from tap_log where event_id = $1', [eventId])).rows[0].n);

async function startSidecar(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [sidecar], {
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: database.url,
      REDIS_URL: '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      TAP_FLUSH_INTERVAL_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await readyLine(child, 'ship-taps');
  return child;
}

test('kill -9 of the ship-taps sidecar while it lands batches: the next one ships the rest, each tap once in tap_log and in the rollups', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sm-sidecar-crash-'));
  const eventId = randomUUID();
  const windowId = randomUUID();
  const now = Date.now();
  const event = {
    eventId,
    orgId: randomUUID(),
    bandIds: Array.from({ length: 2_000 }, (_, i) => `BAND${String(i).padStart(12, '0')}`),
    windows: [{ id: windowId, kind: 'LIVE', url: 'https://example.com/live', startsAt: now - 3_600_000, endsAt: now }],
    fallbackUrl: 'https://example.com/fallback',
  };
  const writer = new TapLogWriter({ dir: join(dataDir, 'taps'), segmentBytes: 64 * 1024 * 1024 });
  writer.open();
  for (const batch of syntheticBatches(event, {
    from: now - 3_600_000,
    to: now,
    count: TAPS,
    batchSize: 1_000,
    seed: 9,
  })) {
    for (const tap of batch) writer.append(tap);
  }
  writer.close();

  const first = await startSidecar(dataDir);
  const deadline = Date.now() + 30_000;
  while ((await landed(eventId)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const exited = new Promise((resolve) => first.once('exit', resolve));
  first.kill('SIGKILL');
  await exited;
  const before = await landed(eventId);
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(TAPS);

  const second = await startSidecar(dataDir);
  const end = Date.now() + 60_000;
  while ((await landed(eventId)) < TAPS && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  second.kill('SIGKILL');
  expect(await landed(eventId)).toBe(TAPS);
  expect(await rollupDrift(db, eventId)).toEqual([]);
  const { rows } = await db.query('select sum(taps)::int as taps from tap_rollup_mode where event_id = $1', [eventId]);
  expect(rows[0].taps).toBe(TAPS);
}, 120_000);
