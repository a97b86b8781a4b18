import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readyLine } from '../../../test/child-process.ts';
import { createTestDatabase, type TestDatabase, testRedisPrefix } from '../../../test/databases.ts';
import { freePort } from '../../../test/services.ts';
import { rollupDrift } from '../../test/support/analytics-scan.ts';
import { migratedTemplate } from '../../test/support/index.ts';

const fixture = fileURLToPath(new URL('./cloud-process.fixture.ts', import.meta.url));
let database: TestDatabase;
let env: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ template: await migratedTemplate() });
  env = {
    ...(process.env as Record<string, string>),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: testRedisPrefix(),
    DATA_DIR: await mkdtemp(join(tmpdir(), 'sm-crash-')),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    TAP_RATE_LIMIT_PER_IP: '1000000',
    // Ship rarely, so the kill finds plenty of taps still only in the local log.
    TAP_FLUSH_INTERVAL_MS: '2000',
  };
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database.drop();
});

function startCloud(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fixture], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return readyLine(child, 'cloud process').then((ready) => ({ child, url: ready.url! }));
}

test('kill -9 under load, then restart: every tap that got a 302 is in TapLog exactly once, and in its rollups', async () => {
  const first = await startCloud();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows: bands } = await client.query<{ band_id: string }>('select band_id from bands');
  const served: string[] = [];
  let stop = false;
  // 16 clients tapping as fast as they can until the process dies under them.
  const clients = Array.from({ length: 16 }, async (_, c) => {
    for (let i = 0; !stop; i++) {
      const bandId = bands[(c + i) % bands.length]!.band_id;
      try {
        const res = await fetch(`${first.url}/e?bandId=${bandId}`, { redirect: 'manual' });
        if (res.status === 302) served.push(res.headers.get('x-tap-id')!);
      } catch {
        return; // the connection died with the process
      }
    }
  });
  // Under load until a few hundred taps were answered (bounded, on a busy machine too).
  const loadUntil = Date.now() + 10_000;
  while (served.length < 300 && Date.now() < loadUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await exited;
  stop = true;
  await Promise.all(clients);
  expect(served.length).toBeGreaterThan(200);
  // Most of them had not been shipped when the process died.
  const before = Number((await client.query('select count(*)::int as n from tap_log')).rows[0].n);
  expect(before).toBeLessThan(served.length);

  // A new process on the same DATA_DIR adopts the dead one's log and ships it.
  await startCloud();
  const deadline = Date.now() + 60_000;
  let landed = 0;
  while (Date.now() < deadline) {
    landed = Number(
      (await client.query('select count(*)::int as n from tap_log where id = any($1::uuid[])', [served])).rows[0].n,
    );
    if (landed === served.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(landed).toBe(served.length);
  const { rows: twice } = await client.query('select id from tap_log group by id having count(*) > 1');
  expect(twice).toEqual([]);
  const { rows: events } = await client.query<{ event_id: string }>(
    'select distinct event_id from tap_log where event_id is not null',
  );
  for (const { event_id } of events) expect(await rollupDrift(client, event_id)).toEqual([]);
  await client.end();
}, 120_000);
