/**
 * Every analytics figure twice (the trust panel's too): asked of the API (which reads the rollups) and computed
 * by a full scan of `tap_log` in SQL, in the same shape. The tests expect them equal; `npm run bench:analytics` times the
 * first and counts where they differ. The scans are the queries the API ran before rollups existed.
 */
import type { TRPCClient } from '@trpc/client';
import type pg from 'pg';
import type { AppRouter } from '../../src/trpc/app-router.ts';
import { type SuspiciousBandRow, suspiciousBandView } from '../../src/trust/trust.service.ts';

export interface AnalyticsCheck {
  /** The figure, as the benchmark's JSON names it (`summary`, `over_time_hour`, …). */
  readonly name: string;
  /** The API's answer, normalised. */
  call(): Promise<unknown>;
  /** The same answer from a scan of `tap_log`; given the call's answer when the question depends on it. */
  scan(answer: unknown): Promise<unknown>;
}

const counted = (includeFlagged: boolean) => (includeFlagged ? '' : ' and not is_bot and not rate_limited');
const MODE = 'coalesce(mode_served, outcome)';
const iso = (value: Date | string) => new Date(value).toISOString();

export function analyticsChecks(
  client: TRPCClient<AppRouter>,
  db: pg.Pool | pg.Client,
  scope: { orgId: string; eventId: string },
  options: { includeFlagged?: boolean } = {},
): AnalyticsCheck[] {
  const includeFlagged = options.includeFlagged ?? false;
  const input = { ...scope, includeFlagged };
  const rows = async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[];
  const timezone = async () =>
    (await rows<{ timezone: string }>('select timezone from events where id = $1', [scope.eventId]))[0]!.timezone;
  const where = `event_id = $1${counted(includeFlagged)}`;

  const overTime = (bucket: 'minute' | 'hour' | 'day'): AnalyticsCheck => ({
    name: `over_time_${bucket}`,
    call: async () => (await client.analytics.tapsOverTime.query({ ...input, bucket })).series,
    scan: async () =>
      rows(
        `select to_char(date_trunc('${bucket}', tapped_at at time zone $2), 'YYYY-MM-DD"T"HH24:MI:SS') as bucket,
                ${MODE} as mode, count(*)::int as taps
         from tap_log where ${where} group by 1, 2 order by 1, 2`,
        [scope.eventId, await timezone()],
      ),
  });
  const breakdown = (
    dimension: 'country' | 'deviceType' | 'os' | 'browser' | 'bot' | 'trust' | 'hourOfDay',
    value: string,
  ): AnalyticsCheck => ({
    name: `breakdown_${dimension}`,
    call: async () => (await client.analytics.breakdown.query({ ...input, dimension })).rows,
    scan: async () => {
      const hours = dimension === 'hourOfDay';
      return rows<{ value: string | null; taps: number }>(
        `select nullif(${value}, '') as value, count(*)::int as taps from tap_log
         where ${dimension === 'bot' ? 'event_id = $1 and is_bot' : where}
         group by ${value} order by ${hours ? `${value}::int` : `2 desc, ${value}`}`,
        hours ? [scope.eventId, await timezone()] : [scope.eventId],
      );
    },
  });

  return [
    {
      name: 'summary',
      call: () => client.analytics.summary.query(input),
      scan: async () => {
        const [totals] = await rows<{ taps: number; unique_bands: number; bots: number; rate_limited: number }>(
          `select count(*) filter (where true${counted(includeFlagged)})::int as taps,
                  count(distinct band_id) filter (where true${counted(includeFlagged)})::int as unique_bands,
                  count(*) filter (where is_bot)::int as bots, count(*) filter (where rate_limited)::int as rate_limited
           from tap_log where event_id = $1`,
          [scope.eventId],
        );
        const byMode = await rows<{ mode: string; taps: number }>(
          `select ${MODE} as mode, count(*)::int as taps from tap_log where ${where} group by 1 order by 1`,
          [scope.eventId],
        );
        return {
          taps: totals!.taps,
          uniqueBands: totals!.unique_bands,
          bots: totals!.bots,
          rateLimited: totals!.rate_limited,
          byMode: Object.fromEntries(byMode.map((row) => [row.mode, row.taps])),
        };
      },
    },
    overTime('minute'),
    overTime('hour'),
    overTime('day'),
    {
      name: 'per_window',
      call: () => client.analytics.perWindow.query(input),
      scan: async () =>
        (
          await rows<{ window_id: string; kind: string; url: string; taps: number; unique_bands: number }>(
            `select w.id as window_id, w.kind, w.url, count(t.id)::int as taps,
                    count(distinct t.band_id)::int as unique_bands
             from event_windows w
             left join tap_log t on t.window_id = w.id and t.event_id = w.event_id${counted(includeFlagged).replaceAll(' and not ', ' and not t.')}
             where w.event_id = $1 group by w.id, w.kind, w.url, w.starts_at order by w.starts_at`,
            [scope.eventId],
          )
        ).map((row) => ({
          windowId: row.window_id,
          kind: row.kind,
          url: row.url,
          taps: row.taps,
          uniqueBands: row.unique_bands,
        })),
    },
    {
      name: 'top_bands',
      call: async () =>
        (await client.analytics.topBands.query({ ...input, limit: 100 })).map((band) => ({
          ...band,
          lastTapAt: iso(band.lastTapAt),
        })),
      scan: async () =>
        (
          await rows<{ band_id: string; taps: number; last_tap_at: Date }>(
            `select band_id, count(*)::int as taps, max(tapped_at) as last_tap_at from tap_log
             where ${where} group by band_id order by taps desc, band_id limit 100`,
            [scope.eventId],
          )
        ).map((row) => ({ bandId: row.band_id, taps: row.taps, lastTapAt: iso(row.last_tap_at) })),
    },
    {
      name: 'live',
      call: async () => {
        const live = await client.analytics.live.query(scope);
        return {
          minutes: live.minutes.map((m) => ({ minute: iso(m.minute), counts: m.counts })),
          uniqueBands: live.uniqueBands,
        };
      },
      // The same 15 minutes the call answered for (the clock moves between the two).
      scan: async (answer) => {
        const minutes = (answer as { minutes: Array<{ minute: string }> }).minutes.map((m) => m.minute);
        const found = await rows<{ minute: Date; bucket: string; taps: number }>(
          `select date_trunc('minute', tapped_at) as minute,
                  case when is_bot then 'bot' when rate_limited then 'limited' else ${MODE} end as bucket,
                  count(*)::int as taps
           from tap_log where event_id = $1 and tapped_at >= $2 and tapped_at < $3 group by 1, 2`,
          [scope.eventId, minutes[0], new Date(Date.parse(minutes.at(-1)!) + 60_000)],
        );
        const [unique] = await rows<{ n: number }>(
          'select count(distinct band_id)::int as n from tap_log where event_id = $1 and not is_bot and not rate_limited',
          [scope.eventId],
        );
        return {
          minutes: minutes.map((minute) => ({
            minute,
            counts: Object.fromEntries(found.filter((r) => iso(r.minute) === minute).map((r) => [r.bucket, r.taps])),
          })),
          uniqueBands: unique!.n,
        };
      },
    },
    breakdown('country', "coalesce(country, '')"),
    breakdown('deviceType', 'device_type'),
    breakdown('os', "coalesce(os, '')"),
    breakdown('browser', "coalesce(case when is_bot then null else browser end, '')"),
    breakdown('bot', "coalesce(browser, '')"),
    breakdown('trust', "coalesce(trust_verdict, '')"),
    breakdown('hourOfDay', 'extract(hour from tapped_at at time zone $2)::int::text'),
    {
      name: 'trust_summary',
      call: () => client.trust.summary.query(scope),
      scan: async () => {
        const found = await rows<{ verdict: string; taps: number }>(
          `select trust_verdict as verdict, count(*)::int as taps from tap_log
           where event_id = $1 and trust_verdict is not null and not is_bot group by 1`,
          [scope.eventId],
        );
        const byVerdict = Object.fromEntries(
          ['GENUINE', 'REPLAYED', 'COPIED', 'UNVERIFIED'].map((v) => [
            v,
            found.find((r) => r.verdict === v)?.taps ?? 0,
          ]),
        );
        const checked = byVerdict.GENUINE! + byVerdict.REPLAYED! + byVerdict.COPIED!;
        return { byVerdict, checked, genuineShare: checked === 0 ? null : byVerdict.GENUINE! / checked };
      },
    },
    {
      name: 'suspicious_bands',
      call: async () =>
        (await client.trust.suspiciousBands.query({ ...scope, limit: 100 })).map((band) => ({
          ...band,
          lastSuspiciousAt: iso(band.lastSuspiciousAt),
        })),
      scan: async () =>
        (
          await rows<SuspiciousBandRow>(
            `select t.band_id, b.uid as registered_uid, b.trust,
                    count(*) filter (where t.trust_verdict = 'REPLAYED')::int as replayed,
                    count(*) filter (where t.trust_verdict = 'COPIED')::int as copied,
                    (select count(*)::int from tap_log g
                      where g.event_id = t.event_id and g.band_id = t.band_id and g.trust_verdict = 'GENUINE') as genuine,
                    max(t.tapped_at) as last_suspicious_at, array_agg(distinct t.trust_reason) as reasons,
                    array_remove(array_agg(distinct t.trust_uid), null) as uids_seen,
                    (array_remove(array_agg(t.trust_counter order by t.tapped_at desc), null))[1:10] as counters_seen
             from tap_log t left join bands b on b.band_id = t.band_id
             where t.event_id = $1 and t.trust_verdict in ('REPLAYED', 'COPIED')
             group by t.event_id, t.band_id, b.uid, b.trust
             order by count(*) desc, max(t.tapped_at) desc limit 100`,
            [scope.eventId],
          )
        ).map((row) => ({ ...suspiciousBandView(row), lastSuspiciousAt: iso(row.last_suspicious_at) })),
    },
  ];
}

/**
 * Whether the stored rollups of an event equal a rebuild from `tap_log`: rebuilds inside a transaction
 * that is rolled back, and answers the rows that differ (none when exact).
 */
export async function rollupDrift(client: pg.PoolClient | pg.Client, eventId: string): Promise<string[]> {
  const tables = [
    'tap_rollup_minute',
    'tap_rollup_band',
    'tap_rollup_window_band',
    'tap_rollup_dimension',
    'tap_rollup_event',
    'tap_rollup_window',
  ];
  await client.query('begin');
  try {
    for (const table of tables) {
      await client.query(
        `create temp table stored_${table} on commit drop as select * from ${table} where event_id = $1`,
        [eventId],
      );
    }
    await client.query('select tap_rollups_rebuild($1)', [eventId]);
    const drift: string[] = [];
    for (const table of tables) {
      const { rows } = await client.query(
        `(select 'stored' as side, * from stored_${table} except select 'stored', * from ${table} where event_id = $1)
         union all
         (select 'rebuilt', * from ${table} where event_id = $1 except select 'rebuilt', * from stored_${table})`,
        [eventId],
      );
      for (const row of rows) drift.push(`${table}: ${JSON.stringify(row)}`);
    }
    return drift;
  } finally {
    await client.query('rollback');
  }
}
