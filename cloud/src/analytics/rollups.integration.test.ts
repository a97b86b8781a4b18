import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyticsChecks, rollupDrift } from '../../test/support/analytics-scan.ts';
import { PHONE_USER_AGENT, useTestCloud } from '../../test/support/index.ts';
import { type SyntheticEvent, seeded, syntheticBatches, syntheticTap } from '../../test/support/synthetic-taps.ts';
import { createTapFlusher, type TapFlusher } from '../taps/tap-flusher.ts';
import { rebuildRollups } from './rollups-rebuild.ts';

let pool: pg.Pool;
let flusher: TapFlusher;
let festival: SyntheticEvent;
/** The procedures' clock: the end of the festival's taps, so `live` sees its last minutes. */
let clock = Date.parse('2026-07-01T12:00:00Z');

const BANDS = Array.from({ length: 40 }, (_, i) => `BAND${String(i).padStart(12, '0')}`);

async function syntheticEvent(eventId: string): Promise<SyntheticEvent> {
  const { rows } = await pool.query<{ id: string; kind: string; url: string; starts_at: Date; ends_at: Date }>(
    'select id, kind, url, starts_at, ends_at from event_windows where event_id = $1',
    [eventId],
  );
  const [event] = (await pool.query('select org_id, fallback_url from events where id = $1', [eventId])).rows;
  return {
    eventId,
    orgId: event.org_id,
    bandIds: BANDS,
    fallbackUrl: event.fallback_url,
    windows: rows.map((w) => ({ ...w, startsAt: w.starts_at.getTime(), endsAt: w.ends_at.getTime() })),
  };
}

async function land(event: SyntheticEvent, from: number, to: number, count: number, seed: number) {
  for (const batch of syntheticBatches(event, { from, to, count, batchSize: 250, seed })) await flusher.write(batch);
}

async function expectScanEqual(eventId: string, orgId: string) {
  for (const includeFlagged of [false, true]) {
    for (const check of analyticsChecks(tc.client, pool, { orgId, eventId }, { includeFlagged })) {
      const answer = await check.call();
      expect({ [check.name]: answer }).toEqual({ [check.name]: await check.scan(answer) });
    }
  }
  const client = await pool.connect();
  try {
    expect(await rollupDrift(client, eventId)).toEqual([]);
  } finally {
    client.release();
  }
}

// No Redis: `live` answers from the rollups, which is what is compared here.
const tc = useTestCloud({ env: { REDIS_URL: '' }, now: () => new Date(clock) });

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: tc.databaseUrl, max: 4 });
  ({ flusher } = createTapFlusher({
    pool,
    redis: undefined,
    keyPrefix: '',
    secretBox: tc.cloud.contextDeps.secretBox,
    log: pino({ level: 'silent' }),
  }));
  festival = await syntheticEvent(tc.demo.eventId);
  const starts = Math.min(...festival.windows.map((w) => w.startsAt));
  const ends = Math.max(...festival.windows.map((w) => w.endsAt));
  // Taps from before the first window to after the last (fallback, then each mode), a few per minute.
  await land(festival, starts - 3_600_000, ends + 3_600_000, 4_000, 1);
  clock = ends + 3_600_000;
});
afterAll(async () => {
  await pool.end();
});

describe('tap rollups', () => {
  test('every analytics figure equals a scan of tap_log, people only and with flagged taps', async () => {
    await expectScanEqual(festival.eventId, festival.orgId);
  });

  test('a batch re-sent whole, or with part of it landed, adds only the taps that were new', async () => {
    const random = seeded(2);
    const at = clock - 120_000;
    const taps = Array.from({ length: 30 }, (_, i) => syntheticTap(festival, at + i * 1000, random));
    const before = await tc.client.analytics.summary.query({ orgId: festival.orgId, eventId: festival.eventId });
    await flusher.write(taps.slice(0, 10));
    await flusher.write(taps.slice(0, 10));
    await flusher.write(taps);
    await flusher.write(taps);
    const after = await tc.client.analytics.summary.query({
      orgId: festival.orgId,
      eventId: festival.eventId,
      includeFlagged: true,
    });
    const { rows } = await pool.query('select count(*)::int as n from tap_log where event_id = $1', [festival.eventId]);
    expect(after.taps).toBe(rows[0].n);
    expect(after.taps).toBeGreaterThanOrEqual(before.taps + 30 - 3);
    await expectScanEqual(festival.eventId, festival.orgId);
  });

  test('the trust panel equals a scan, and each band keeps its genuine taps, after batches are re-sent', async () => {
    // Taps as the flusher writes them, verdicts included: one batch, then re-sent whole, then re-sent with as
    // many again (the flusher's `insert … on conflict do nothing` after a crash between commit and checkpoint).
    const send = (count: number, resent: boolean) =>
      pool.query(
        `insert into tap_log (id, tapped_at, band_id, outcome, org_id, event_id, mode_served, is_bot, trust_verdict,
                              trust_reason, trust_uid, trust_counter)
         select md5('trust-tap' || g)::uuid, $3::timestamptz + g * interval '1 second', ($4::text[])[1 + g % 7],
                'SERVED', $1, $2, 'LIVE', g % 11 = 0,
                (array['GENUINE', 'GENUINE', 'REPLAYED', 'COPIED', 'UNVERIFIED'])[1 + g % 5],
                case when g % 5 in (2, 3) then 'counter ' || g % 3 end, '04A1B2C3D4E5' || g % 2, g
         from generate_series(1, $5::int) g ${resent ? 'on conflict do nothing' : ''}`,
        [festival.orgId, festival.eventId, new Date(clock - 7_200_000), BANDS, count],
      );
    await send(60, false);
    await send(60, true);
    await send(120, true);
    const { rows } = await pool.query(
      `select r.band_id, r.genuine, count(t.id) filter (where t.trust_verdict = 'GENUINE')::int as scanned
       from tap_rollup_band r join tap_log t using (event_id, band_id) where r.event_id = $1 group by 1, 2`,
      [festival.eventId],
    );
    expect(rows.filter((row) => row.genuine !== row.scanned)).toEqual([]);
    expect(
      (await tc.client.trust.suspiciousBands.query({ orgId: festival.orgId, eventId: festival.eventId })).length,
    ).toBe(7);
    await expectScanEqual(festival.eventId, festival.orgId);
  });

  test.each([
    ['St. John’s (−3:30, summer time ends)', 'America/St_Johns', '2026-11-01T04:30:00Z'],
    ['Adelaide (+9:30, summer time starts)', 'Australia/Adelaide', '2026-10-03T16:30:00Z'],
    ['Kathmandu (+5:45)', 'Asia/Kathmandu', '2026-10-03T18:15:00Z'],
  ])('hours and days in %s are the local hours and days of a scan', async (_name, timezone, change) => {
    const owner = await tc.caller();
    const event = await owner.events.create({
      orgId: tc.demo.orgId,
      name: `Festival ${timezone}`,
      timezone,
      fallbackUrl: 'https://example.com/fallback',
    });
    const changeAt = Date.parse(change);
    await owner.windows.create({
      orgId: tc.demo.orgId,
      eventId: event.id,
      kind: 'LIVE',
      url: 'https://example.com/live',
      startsAt: new Date(changeAt - 6 * 3_600_000),
      endsAt: new Date(changeAt + 6 * 3_600_000),
    });
    // Two days around the change, one tap every ~7 minutes.
    await land(await syntheticEvent(event.id), changeAt - 86_400_000, changeAt + 86_400_000, 400, 3);
    await expectScanEqual(event.id, tc.demo.orgId);
  });

  test('a minute the clock passes twice (summer time ends) is one minute of the chart', async () => {
    const owner = await tc.caller();
    const event = await owner.events.create({
      orgId: tc.demo.orgId,
      name: 'Autumn night',
      timezone: 'Europe/Berlin',
      fallbackUrl: 'https://example.com/fallback',
    });
    const synthetic = await syntheticEvent(event.id);
    const random = seeded(6);
    // 02:30 in Berlin on 25 October 2026 comes twice: at 00:30 UTC (summer time) and 01:30 UTC.
    await flusher.write(
      ['2026-10-25T00:30:10Z', '2026-10-25T01:30:20Z'].map((at) => ({
        ...syntheticTap(synthetic, Date.parse(at), random),
        ua: PHONE_USER_AGENT,
        limited: false,
      })),
    );
    const { series } = await tc.client.analytics.tapsOverTime.query({
      orgId: tc.demo.orgId,
      eventId: event.id,
      bucket: 'minute',
      includeFlagged: true,
    });
    expect(series).toEqual([{ bucket: '2026-10-25T02:30:00', mode: series[0]!.mode, taps: 2 }]);
    await expectScanEqual(event.id, tc.demo.orgId);
  });

  test('a rebuild while taps keep landing leaves the rollups equal to tap_log', async () => {
    const eventId = randomUUID();
    const event = { ...festival, eventId };
    const from = clock - 86_400_000;
    await land(event, from, from + 3_600_000, 1_000, 4);
    // Batches keep landing for as long as the rebuilds run, and the rebuilds run until the batches are done.
    const ROUNDS = 8;
    let rounds = 0;
    const landed = (async () => {
      for (; rounds < ROUNDS; rounds++) await land(event, from, from + 7_200_000, 250, 10 + rounds);
    })();
    while (rounds < ROUNDS) expect(await rebuildRollups(pool, { eventId })).toEqual({ rebuilt: 1, skipped: [] });
    await landed;
    const client = await pool.connect();
    try {
      expect(await rollupDrift(client, eventId)).toEqual([]);
    } finally {
      client.release();
    }
  });
});
