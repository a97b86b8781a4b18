import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestCloud, type TestCloud } from '../../test/support/index.ts';
import { syntheticBatches } from '../../test/support/synthetic-taps.ts';
import { rebuildRollups } from '../analytics/rollups-rebuild.ts';
import { deleteExpiredTaps } from './raw-retention.ts';
import { createTapFlusher } from './tap-flusher.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-07-01T12:00:00Z');
let tc: TestCloud;
let pool: pg.Pool;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' }, now: () => new Date(now) });
  pool = new pg.Pool({ connectionString: tc.databaseUrl, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await tc.close();
});

test('retention deletes raw taps past the organization’s period and drops emptied months; the analytics keep every figure', async () => {
  const owner = await tc.caller();
  const orgId = tc.demo.orgId;
  await owner.analytics.setPrivacy({ orgId, ipMode: 'ANONYMIZED', retentionDays: 30, rawRetentionDays: 100 });
  const event = await owner.events.create({
    orgId,
    name: 'Last winter',
    timezone: 'Europe/Berlin',
    fallbackUrl: 'https://example.com/fallback',
  });
  const { flusher } = createTapFlusher({
    pool,
    redis: undefined,
    keyPrefix: '',
    secretBox: tc.cloud.contextDeps.secretBox,
    log: pino({ level: 'silent' }),
  });
  const synthetic = {
    eventId: event.id,
    orgId,
    bandIds: ['BANDA', 'BANDB', 'BANDC'],
    windows: [],
    fallbackUrl: 'https://example.com/fallback',
  };
  // Taps 200 days ago (December 2025: past the 100 days) and 10 days ago (kept).
  for (const from of [now - 200 * DAY, now - 10 * DAY]) {
    for (const batch of syntheticBatches(synthetic, { from, to: from + DAY, count: 300, batchSize: 100, seed: 5 })) {
      await flusher.write(batch);
    }
  }
  const scope = { orgId, eventId: event.id, includeFlagged: true };
  const figures = async () => ({
    summary: await owner.analytics.summary(scope),
    days: await owner.analytics.tapsOverTime({ ...scope, bucket: 'day' }),
    top: await owner.analytics.topBands(scope),
    countries: await owner.analytics.breakdown({ ...scope, dimension: 'country' }),
  });
  const before = await figures();
  expect(before.summary.taps).toBe(600);

  const result = await deleteExpiredTaps(pool, new Date(now), 90);

  expect(result.deleted).toBe(300);
  expect(result.droppedPartitions).toContain('tap_log_2025_12');
  const { rows } = await pool.query('select count(*)::int as n from tap_log where event_id = $1', [event.id]);
  expect(rows[0].n).toBe(300);
  expect(await figures()).toEqual(before);
  // A rebuild from what is left would lose the deleted taps: it leaves the event alone.
  expect(await rebuildRollups(pool, { eventId: event.id })).toEqual({ rebuilt: 0, skipped: [event.id] });
  expect(await figures()).toEqual(before);
});
