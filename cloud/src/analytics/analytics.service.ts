/**
 * Tap analytics of one event, read from the rollups the tap_log trigger keeps
 * (`Migration20261204210000_tap_rollups.ts`, docs/analytics.md) — never from raw taps, so an answer
 * costs what the event's minutes and bands cost, not what its millions of taps would. Each figure is
 * exactly what the same question asked of `tap_log` answers (`test/support/analytics-scan.ts` holds
 * those scans; the tests and `npm run bench:analytics` compare the two).
 *
 * "Counted" taps are people's: neither bot/link preview nor rate-limited. `includeFlagged` adds the others.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import type { BreakdownDimension } from '@sparkmotion/shared/schemas/analytics.schema';

/** A read-only query (the router sends these to a read replica when there is one). */
export type Read = <T>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

/** The event, checked to belong to the organization (NOT_FOUND alike for "not yours" and "none"). */
export async function eventOf(read: Read, orgId: string, eventId: string): Promise<{ timezone: string }> {
  const [event] = await read<{ timezone: string }>('select timezone from events where id = ? and org_id = ?', [
    eventId,
    orgId,
  ]);
  if (!event) throw new DomainError('NOT_FOUND', 'Event not found');
  return event;
}

/** The rollups' tap column: all taps, or people's. */
const tapsOf = (includeFlagged: boolean) => (includeFlagged ? 'taps' : 'counted');
/** The unique-band column: every band that tapped, or those with a person's tap. */
const bandsOf = (includeFlagged: boolean) => (includeFlagged ? 'bands' : 'counted_bands');

export async function summary(read: Read, eventId: string, includeFlagged: boolean) {
  const [byMode, [event]] = await Promise.all([
    read<{ mode: string; taps: number; bots: number; limited: number }>(
      `select mode, sum(${tapsOf(includeFlagged)})::int as taps, sum(bots)::int as bots, sum(limited)::int as limited
       from tap_rollup_mode where event_id = ? group by 1 order by 1`,
      [eventId],
    ),
    read<{ n: number }>(`select ${bandsOf(includeFlagged)} as n from tap_rollup_event where event_id = ?`, [eventId]),
  ]);
  const sum = (key: 'taps' | 'bots' | 'limited') => byMode.reduce((n, row) => n + row[key], 0);
  return {
    taps: sum('taps'),
    uniqueBands: event?.n ?? 0,
    bots: sum('bots'),
    rateLimited: sum('limited'),
    byMode: Object.fromEntries(byMode.filter((row) => row.taps > 0).map((row) => [row.mode, row.taps])),
  };
}

/**
 * Taps per minute, hour or day of the event's time zone, by mode. Minutes are UTC instants, so any zone's
 * hours and days (a :30 or :45 offset, a DST change) are whole sums of them. `from`/`to` count from the
 * start of their minute.
 */
export async function tapsOverTime(
  read: Read,
  event: { eventId: string; timezone: string },
  query: { bucket: 'minute' | 'hour' | 'day'; from?: Date | undefined; to?: Date | undefined; includeFlagged: boolean },
) {
  const taps = tapsOf(query.includeFlagged);
  const range = `minute >= date_trunc('minute', ?::timestamptz) and minute < date_trunc('minute', ?::timestamptz)`;
  const params = [event.timezone, event.eventId, query.from ?? new Date(0), query.to ?? new Date('9999-01-01')];
  // A minute row is already one local minute: only the hour a clock is set back twice holds two of them.
  const rows =
    query.bucket === 'minute'
      ? sumRepeated(
          await read<{ bucket: string; mode: string; taps: number }>(
            `select to_char(minute at time zone ?, 'YYYY-MM-DD"T"HH24:MI:SS') as bucket, mode, ${taps} as taps
             from tap_rollup_minute where event_id = ? and ${range} and ${taps} > 0 order by 1, 2`,
            params,
          ),
        )
      : await read<{ bucket: string; mode: string; taps: number }>(
          `select to_char(date_trunc('${query.bucket}', minute at time zone ?), 'YYYY-MM-DD"T"HH24:MI:SS') as bucket,
                  mode, sum(${taps})::int as taps
           from tap_rollup_minute where event_id = ? and ${range}
           group by 1, 2 having sum(${taps}) > 0 order by 1, 2`,
          params,
        );
  return { timezone: event.timezone, bucket: query.bucket, series: rows };
}

/** Rows ordered by bucket and mode, with those of the same bucket and mode summed into one. */
function sumRepeated<T extends { bucket: string; mode: string; taps: number }>(rows: T[]): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const last = out.at(-1);
    if (last && last.bucket === row.bucket && last.mode === row.mode) last.taps += row.taps;
    else out.push(row);
  }
  return out;
}

export async function topBands(read: Read, eventId: string, query: { limit: number; includeFlagged: boolean }) {
  const taps = tapsOf(query.includeFlagged);
  const rows = await read<{ band_id: string; taps: number; last_tap_at: Date }>(
    `select band_id, ${taps} as taps, ${query.includeFlagged ? 'last_tap_at' : 'last_counted_at'} as last_tap_at
     from tap_rollup_band where event_id = ? and ${taps} > 0
     order by ${taps} desc, band_id limit ?`,
    [eventId, query.limit],
  );
  return rows.map((row) => ({ bandId: row.band_id, taps: row.taps, lastTapAt: new Date(row.last_tap_at) }));
}

export async function perWindow(read: Read, eventId: string, includeFlagged: boolean) {
  const rows = await read<{ window_id: string; kind: string; url: string; taps: number; unique_bands: number }>(
    `select w.id as window_id, w.kind, w.url, coalesce(r.${tapsOf(includeFlagged)}, 0) as taps,
            coalesce(r.${bandsOf(includeFlagged)}, 0) as unique_bands
     from event_windows w
     left join tap_rollup_window r on r.event_id = w.event_id and r.window_id = w.id
     where w.event_id = ? order by w.starts_at`,
    [eventId],
  );
  return rows.map((row) => ({
    windowId: row.window_id,
    kind: row.kind,
    url: row.url,
    taps: row.taps,
    uniqueBands: row.unique_bands,
  }));
}

/**
 * The last `count` minutes (UTC minute starts, oldest first) by mode, flagged taps under `bot` and
 * `limited`, and the event's unique bands (people): the Redis live counters' shape, from the rollups.
 */
export async function lastMinutes(read: Read, eventId: string, nowMs: number, count: number) {
  const since = new Date((Math.floor(nowMs / 60_000) - count + 1) * 60_000);
  const [rows, [unique]] = await Promise.all([
    read<{ minute: Date; mode: string; counted: number; bots: number; limited: number }>(
      // A rate-limited bot counts under 'bot' only, as the Redis counters count it.
      `select minute, mode, counted, bots, taps - counted - bots as limited
       from tap_rollup_minute where event_id = ? and minute >= ?`,
      [eventId, since],
    ),
    read<{ n: number }>('select counted_bands as n from tap_rollup_event where event_id = ?', [eventId]),
  ]);
  const slots = Array.from({ length: count }, (_, i) => ({
    minute: new Date(since.getTime() + i * 60_000),
    counts: {} as Record<string, number>,
  }));
  for (const row of rows) {
    const slot = slots[Math.round((new Date(row.minute).getTime() - since.getTime()) / 60_000)];
    if (!slot) continue;
    const add = (bucket: string, n: number) => {
      if (n > 0) slot.counts[bucket] = (slot.counts[bucket] ?? 0) + n;
    };
    add(row.mode, row.counted);
    add('bot', row.bots);
    add('limited', row.limited);
  }
  return { minutes: slots, uniqueBands: unique?.n ?? 0 };
}

/** Columns of `tap_rollup_dimension` per dimension the API names. */
const DIMENSIONS: Partial<Record<BreakdownDimension, string>> = {
  country: 'country',
  deviceType: 'device',
  os: 'os',
  browser: 'browser',
  bot: 'bot',
};

/**
 * Taps by one dimension, most first; `value` null when unknown. Bots and link previews (`bot`, by name)
 * are flagged taps, so they are always counted whole; `trust` is by verdict (null: not classified),
 * `hourOfDay` by the hour (0–23) of the event's time zone.
 */
export async function breakdown(
  read: Read,
  event: { eventId: string; timezone: string },
  dimension: BreakdownDimension,
  includeFlagged: boolean,
): Promise<Array<{ value: string | null; taps: number }>> {
  let rows: Array<{ value: string | number; taps: number }>;
  if (dimension === 'trust' || dimension === 'hourOfDay') {
    const hours = dimension === 'hourOfDay';
    const taps = tapsOf(includeFlagged);
    rows = await read(
      `select ${hours ? 'extract(hour from minute at time zone ?)::int' : 'trust'} as value, sum(${taps})::int as taps
       from ${hours ? 'tap_rollup_minute' : 'tap_rollup_mode'} where event_id = ?
       group by 1 having sum(${taps}) > 0 order by ${hours ? '1' : '2 desc, 1'}`,
      hours ? [event.timezone, event.eventId] : [event.eventId],
    );
  } else {
    const taps = dimension === 'bot' ? 'taps' : tapsOf(includeFlagged);
    rows = await read(
      `select value, ${taps} as taps from tap_rollup_dimension
       where event_id = ? and dimension = ? and ${taps} > 0 order by 2 desc, 1`,
      [event.eventId, DIMENSIONS[dimension]],
    );
  }
  return rows.map((row) => ({ value: row.value === '' ? null : String(row.value), taps: row.taps }));
}
