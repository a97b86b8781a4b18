/**
 * `npm run bench:analytics`: an event with 100,000 bands and 10,000,000 taps over three days, landed
 * through the product's own tap path (the flusher, in batches as the shipper hands them over: enrichment,
 * tap trust, COPY into tap_log, rollups in the same transaction), then every analytics procedure called
 * (and the trust panel's two) over HTTP/tRPC like the console calls it (BENCH_CALLS times each: median and p95), and each answer
 * compared with a full scan of tap_log by SQL (`mismatches` counts the figures that differ).
 *
 * Before that, the flusher's cost: BENCH_COST_TAPS taps of another event landed in four alternating rounds
 * with the rollup trigger disabled and enabled (ingest rate of each, same process, same run).
 *
 * Env: BENCH_TAPS (10000000), BENCH_BANDS (100000), BENCH_CALLS (7), BENCH_COST_TAPS (300000),
 * BENCH_BATCH (3000: what the ship-taps sidecar's 1 MiB batches hold), BENCH_WRITERS (2 batches in flight).
 * PostgreSQL as the tests find it; the cloud runs without Redis (`live` answers from the rollups).
 * Last line: one JSON object.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createCloud } from '@sparkmotion/cloud/app';
import type { AppRouter } from '@sparkmotion/cloud/app-router';
import { loadConfig } from '@sparkmotion/cloud/config';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { createTRPCClient, httpLink } from '@trpc/client';
import pg from 'pg';
import { pino } from 'pino';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { createTapFlusher } from '../../cloud/src/taps/tap-flusher.ts';
import { analyticsChecks } from '../../cloud/test/support/analytics-scan.ts';
import { type SyntheticEvent, syntheticBatches } from '../../cloud/test/support/synthetic-taps.ts';
import { adminQuery } from '../../test/databases.ts';
import { freePort, setup } from '../../test/services.ts';

exitPlainlyOnFailure('bench:analytics', { level: process.env.LOG_LEVEL });

const TAPS = Number(process.env.BENCH_TAPS ?? 10_000_000);
const BANDS = Number(process.env.BENCH_BANDS ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 7);
const COST_TAPS = Number(process.env.BENCH_COST_TAPS ?? 300_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 3_000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 2);
const DAY = 86_400_000;

const provided: Record<string, string> = {};
const teardown = await setup({ provide: (key: string, value: string) => (provided[key] = value) } as never);
const adminUrl = provided.pgAdminUrl!;
const dbName = `sm_bench_analytics_${randomBytes(4).toString('hex')}`;
await adminQuery(adminUrl, `create database ${dbName}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const dir = await mkdtemp(join(tmpdir(), 'sm-bench-analytics-'));

const cloud = await createCloud(
  loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: '',
    DATA_DIR: join(dir, 'cloud'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
  }),
  { migrate: true },
);
const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: WRITERS + 2 });
try {
  const url = await cloud.listen();
  const demo = cloud.demo!;
  const now = Date.now();
  const festival = await prepareEvent(demo.eventId, now - 3 * DAY);
  const { flusher } = createTapFlusher({
    pool,
    redis: undefined,
    keyPrefix: '',
    secretBox: cloud.contextDeps.secretBox,
    log: pino({ level: 'silent' }),
  });

  /** Lands `count` taps of `event` between `from` and `to`, WRITERS batches at a time; answers taps/s. */
  async function ingest(event: SyntheticEvent, from: number, to: number, count: number, label: string) {
    const batches = syntheticBatches(event, { from, to, count, batchSize: BATCH, seed: 7 });
    let landed = 0;
    let reported = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let next = batches.next(); !next.done; next = batches.next()) {
          await flusher.write(next.value);
          landed += next.value.length;
          if (landed - reported >= 1_000_000) {
            reported = landed;
            const rate = landed / ((performance.now() - start) / 1000);
            console.log(`  ${label}: ${landed.toLocaleString('en')} taps, ${Math.round(rate)} taps/s`);
          }
        }
      }),
    );
    return landed / ((performance.now() - start) / 1000);
  }

  // The flusher's added cost: the same kind of taps without and with the rollup trigger, in alternating
  // rounds, so that whatever else the machine does meanwhile weighs on both alike.
  const other = { ...festival, eventId: randomUUID() };
  const seconds = { without: 0, with: 0 };
  for (let round = 0; round < 4; round++) {
    const on = round % 2 === 1;
    const toggle = on ? 'enable' : 'disable';
    await pool.query(`alter table tap_log ${toggle} trigger tap_log_rollups, ${toggle} trigger tap_log_rollups_trust`);
    const from = now - (10 - round) * DAY;
    const rate = await ingest(other, from, from + DAY, COST_TAPS / 4, on ? 'with rollups' : 'without rollups');
    seconds[on ? 'with' : 'without'] += COST_TAPS / 4 / rate;
  }
  const without = COST_TAPS / 2 / seconds.without;
  const withRollups = COST_TAPS / 2 / seconds.with;
  const slower = (100 * (without - withRollups)) / without;
  console.log(
    `flusher ingest: ${Math.round(without)} taps/s without rollups, ${Math.round(withRollups)} with (${slower.toFixed(0)}% slower)`,
  );
  console.log(`landing ${TAPS.toLocaleString('en')} taps of ${BANDS.toLocaleString('en')} bands over three days…`);
  const ingestRate = await ingest(festival, now - 3 * DAY, now, TAPS, 'festival');
  await pool.query(
    `vacuum analyze tap_log, tap_rollup_minute, tap_rollup_mode, tap_rollup_band, tap_rollup_window_band,
       tap_rollup_event, tap_rollup_window, tap_rollup_dimension`,
  );
  const [{ taps }] = (
    await pool.query('select count(*)::int as taps from tap_log where event_id = $1', [festival.eventId])
  ).rows;
  console.log(`landed ${taps.toLocaleString('en')} taps at ${Math.round(ingestRate)} taps/s`);

  const login = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.email, password: demo.password }),
  });
  const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });

  const medians: Record<string, number> = {};
  let mismatches = 0;
  console.log('procedure              median ms   p95 ms   scan ms   equal');
  for (const check of analyticsChecks(client, pool, { orgId: demo.orgId, eventId: festival.eventId })) {
    const times: number[] = [];
    let answer: unknown;
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      answer = await check.call();
      times.push(performance.now() - t0);
    }
    const s0 = performance.now();
    const scanned = await check.scan(answer);
    const scanMs = performance.now() - s0;
    const equal = isDeepStrictEqual(answer, scanned);
    if (!equal) mismatches++;
    times.sort((a, b) => a - b);
    medians[check.name] = times[Math.floor(times.length / 2)]!;
    const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
    console.log(
      `${check.name.padEnd(22)} ${medians[check.name]!.toFixed(1).padStart(9)} ${p95.toFixed(1).padStart(8)} ${scanMs
        .toFixed(0)
        .padStart(9)}   ${equal ? 'yes' : 'NO'}`,
    );
  }
  const breakdowns = Object.entries(medians).filter(([name]) => name.startsWith('breakdown_'));
  const round = (ms: number) => Math.round(ms * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'analytics',
      taps,
      bands: BANDS,
      ingest_per_second: Math.round(ingestRate),
      ingest_per_second_without_rollups: Math.round(without),
      ingest_per_second_with_rollups: Math.round(withRollups),
      summary_ms: round(medians.summary!),
      over_time_minute_ms: round(medians.over_time_minute!),
      over_time_hour_ms: round(medians.over_time_hour!),
      over_time_day_ms: round(medians.over_time_day!),
      per_window_ms: round(medians.per_window!),
      top_bands_ms: round(medians.top_bands!),
      breakdown_ms: round(Math.max(...breakdowns.map(([, ms]) => ms))),
      live_ms: round(medians.live!),
      trust_summary_ms: round(medians.trust_summary!),
      suspicious_bands_ms: round(medians.suspicious_bands!),
      max_ms: round(Math.max(...Object.values(medians))),
      mismatches,
    }),
  );
} finally {
  await pool.end();
  await cloud.close();
  await adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`);
  await rm(dir, { recursive: true, force: true });
  await teardown();
}

/** The demo event, given 100,000 bands and three one-day windows (PRE, LIVE, POST) from `from`. */
async function prepareEvent(eventId: string, from: number): Promise<SyntheticEvent> {
  const { rows } = await pool.query('select org_id, fallback_url from events where id = $1', [eventId]);
  const { org_id: orgId, fallback_url: fallbackUrl } = rows[0];
  const bandIds = Array.from({ length: BANDS }, () => mintBandId(orgBandTag(orgId), (n) => randomBytes(n)));
  await pool.query(
    `insert into bands (id, org_id, event_id, band_id, registered_at)
     select gen_random_uuid(), $1, $2, b, now() from unnest($3::text[]) b`,
    [orgId, eventId, bandIds],
  );
  await pool.query('delete from event_windows where event_id = $1', [eventId]);
  const windows = ['PRE', 'LIVE', 'POST'].map((kind, i) => ({
    id: randomUUID(),
    kind,
    url: `https://example.com/${kind.toLowerCase()}`,
    startsAt: from + i * DAY,
    endsAt: from + (i + 1) * DAY,
  }));
  for (const w of windows) {
    await pool.query(
      `insert into event_windows (id, org_id, event_id, kind, url, starts_at, ends_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [w.id, orgId, eventId, w.kind, w.url, new Date(w.startsAt), new Date(w.endsAt)],
    );
  }
  return { eventId, orgId, bandIds, windows, fallbackUrl };
}
