/**
 * Raw taps of an event as CSV, one page at a time in (tapped_at, id) order: a keyset cursor, so page
 * 1,000 of a festival costs what page 1 costs. The first page also says how many taps the event has
 * (from the rollups, so asking costs no scan), for a progress bar; raw taps deleted by retention are
 * counted there but no longer exported.
 */
import { writeCsv } from '@sparkmotion/shared/csv/csv';
import type { ExportInput } from '@sparkmotion/shared/schemas/analytics.schema';
import type { z } from 'zod';
import { cursorInstant, decodeCursor, encodeCursor } from '../db/cursor.ts';
import type { Read } from './analytics.service.ts';

const COLUMNS = [
  { key: 'id', header: 'tap_id' },
  { key: 'tapped_at', header: 'tapped_at' },
  { key: 'band_id', header: 'band_id' },
  { key: 'outcome', header: 'outcome' },
  { key: 'mode_served', header: 'mode' },
  { key: 'window_id', header: 'window_id' },
  { key: 'redirect_url', header: 'redirect_url' },
  { key: 'country', header: 'country' },
  { key: 'device_type', header: 'device_type' },
  { key: 'os', header: 'os' },
  { key: 'browser', header: 'browser' },
  { key: 'is_bot', header: 'is_bot' },
  { key: 'rate_limited', header: 'rate_limited' },
  { key: 'ip', header: 'ip' },
  { key: 'user_agent', header: 'user_agent' },
];

export async function exportPage(read: Read, input: z.infer<typeof ExportInput>) {
  // The first page starts before every tap.
  const after = decodeCursor(input.cursor) ?? {
    at: '1970-01-01T00:00:00.000000Z',
    id: '00000000-0000-0000-0000-000000000000',
  };
  const [rows, total] = await Promise.all([
    read<Record<string, unknown> & { id: string; tapped_at: Date; cursor_at: string }>(
      `select id, tapped_at, ${cursorInstant('tapped_at')} as cursor_at, band_id, outcome, mode_served, window_id, redirect_url, country, device_type, os, browser,
              is_bot, rate_limited, host(ip) as ip, user_agent
       from tap_log where event_id = ? and (tapped_at, id) > (?::timestamptz, ?)
       order by tapped_at, id limit ?`,
      [input.eventId, after.at, after.id, input.limit + 1],
    ),
    input.cursor
      ? null
      : read<{ n: number }>('select coalesce(sum(taps), 0)::int as n from tap_rollup_mode where event_id = ?', [
          input.eventId,
        ]).then(([row]) => row!.n),
  ]);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const csv = writeCsv(
    page.map(({ cursor_at: _key, ...row }) => ({ ...row, tapped_at: new Date(row.tapped_at).toISOString() })),
    { header: !input.cursor, columns: COLUMNS, cast: { boolean: (value) => (value ? 'true' : 'false') } },
  );
  return {
    csv,
    rows: page.length,
    /** On the first page only: the event's taps, for a progress bar. */
    total,
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}
