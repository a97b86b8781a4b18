/**
 * Analytics of taps, org-scoped (`orgProcedure`): taps over time in the event's timezone split by
 * mode, unique bands, top bands, taps per window, live counters for the last 15 minutes (Redis, or
 * TapLog when the cloud runs without Redis), a paged CSV export of raw taps, the organization's IP
 * privacy setting, and (platform admins) orphan taps of unknown or malformed bandIds.
 *
 * All reads go to TapLog with `event_id` + `tapped_at` bounds, which the index and the monthly
 * partitions serve; in a deployment with read replicas these are the queries to send there.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import { stringify } from 'csv-stringify/sync';
import type { Context } from '../trpc/context.ts';
import { adminProcedure, orgProcedure, router } from '../trpc/init.ts';
import {
  ExportInput,
  LiveInput,
  OrphansInput,
  PerWindowInput,
  PrivacyGetInput,
  PrivacySetInput,
  SummaryInput,
  TapsOverTimeInput,
  TopBandsInput,
} from './analytics.schema.ts';

type Row = Record<string, unknown>;
/** Reads go to a read replica when the ORM has `replicas` configured, else to the primary. */
const query = <T = Row>(ctx: Context, sql: string, params: unknown[] = []) =>
  ctx.em.getConnection('read').execute<T[]>(sql, params);

/** The event, checked to belong to the organization (NOT_FOUND alike for "not yours" and "none"). */
async function eventOf(ctx: Context, orgId: string, eventId: string): Promise<{ timezone: string }> {
  const [event] = await query<{ timezone: string }>(ctx, 'select timezone from events where id = ? and org_id = ?', [
    eventId,
    orgId,
  ]);
  if (!event) throw new DomainError('NOT_FOUND', 'Event not found');
  return event;
}

const counted = (includeFlagged: boolean) => (includeFlagged ? '' : ' and not is_bot and not rate_limited');

/** `coalesce(mode_served, outcome)`: PRE / LIVE / POST / FALLBACK, or why nothing was served. */
const MODE = 'coalesce(mode_served, outcome)';

const LIVE_MINUTES = 15;

export const analyticsRouter = router({
  tapsOverTime: orgProcedure('VIEWER')
    .input(TapsOverTimeInput)
    .query(async ({ ctx, input }) => {
      const { timezone } = await eventOf(ctx, ctx.org.id, input.eventId);
      const rows = await query<{ bucket: string; mode: string; taps: number }>(
        ctx,
        `select to_char(date_trunc('${input.bucket}', tapped_at at time zone ?), 'YYYY-MM-DD"T"HH24:MI:SS') as bucket,
                ${MODE} as mode, count(*)::int as taps
         from tap_log
         where event_id = ? and tapped_at >= ? and tapped_at < ?${counted(input.includeFlagged)}
         group by 1, 2 order by 1, 2`,
        [timezone, input.eventId, input.from ?? new Date(0), input.to ?? new Date('9999-01-01')],
      );
      return { timezone, bucket: input.bucket, series: rows };
    }),

  summary: orgProcedure('VIEWER')
    .input(SummaryInput)
    .query(async ({ ctx, input }) => {
      await eventOf(ctx, ctx.org.id, input.eventId);
      const [totals] = await query<{ taps: number; unique_bands: number; bots: number; rate_limited: number }>(
        ctx,
        `select count(*) filter (where true${counted(input.includeFlagged)})::int as taps,
                count(distinct band_id) filter (where true${counted(input.includeFlagged)})::int as unique_bands,
                count(*) filter (where is_bot)::int as bots,
                count(*) filter (where rate_limited)::int as rate_limited
         from tap_log where event_id = ?`,
        [input.eventId],
      );
      const byMode = await query<{ mode: string; taps: number }>(
        ctx,
        `select ${MODE} as mode, count(*)::int as taps from tap_log
         where event_id = ?${counted(input.includeFlagged)} group by 1 order by 1`,
        [input.eventId],
      );
      return {
        taps: totals!.taps,
        uniqueBands: totals!.unique_bands,
        bots: totals!.bots,
        rateLimited: totals!.rate_limited,
        byMode: Object.fromEntries(byMode.map((row) => [row.mode, row.taps])),
      };
    }),

  topBands: orgProcedure('VIEWER')
    .input(TopBandsInput)
    .query(async ({ ctx, input }) => {
      await eventOf(ctx, ctx.org.id, input.eventId);
      const rows = await query<{ band_id: string; taps: number; last_tap_at: Date }>(
        ctx,
        `select band_id, count(*)::int as taps, max(tapped_at) as last_tap_at from tap_log
         where event_id = ?${counted(input.includeFlagged)}
         group by band_id order by taps desc, band_id limit ?`,
        [input.eventId, input.limit],
      );
      return rows.map((row) => ({ bandId: row.band_id, taps: row.taps, lastTapAt: new Date(row.last_tap_at) }));
    }),

  perWindow: orgProcedure('VIEWER')
    .input(PerWindowInput)
    .query(async ({ ctx, input }) => {
      await eventOf(ctx, ctx.org.id, input.eventId);
      const rows = await query<{ window_id: string; kind: string; url: string; taps: number; unique_bands: number }>(
        ctx,
        `select w.id as window_id, w.kind, w.url, count(t.id)::int as taps, count(distinct t.band_id)::int as unique_bands
         from event_windows w
         left join tap_log t on t.window_id = w.id and t.event_id = w.event_id${counted(input.includeFlagged).replaceAll(' and not ', ' and not t.')}
         where w.event_id = ? group by w.id, w.kind, w.url, w.starts_at order by w.starts_at`,
        [input.eventId],
      );
      return rows.map((row) => ({
        windowId: row.window_id,
        kind: row.kind,
        url: row.url,
        taps: row.taps,
        uniqueBands: row.unique_bands,
      }));
    }),

  /** The last 15 minutes, per minute (UTC minute starts), from the live counters in Redis. */
  live: orgProcedure('VIEWER')
    .input(LiveInput)
    .query(async ({ ctx, input }) => {
      await eventOf(ctx, ctx.org.id, input.eventId);
      const nowMs = ctx.now().getTime();
      const live = ctx.deps.liveTaps;
      if (live) {
        try {
          return { source: 'redis' as const, ...(await live.lastMinutes(input.eventId, nowMs, LIVE_MINUTES)) };
        } catch {
          // Redis down: the same figures from TapLog below.
        }
      }
      const since = new Date((Math.floor(nowMs / 60_000) - LIVE_MINUTES + 1) * 60_000);
      const rows = await query<{ minute: Date; bucket: string; taps: number }>(
        ctx,
        `select date_trunc('minute', tapped_at) as minute,
                case when is_bot then 'bot' when rate_limited then 'limited' else ${MODE} end as bucket,
                count(*)::int as taps
         from tap_log where event_id = ? and tapped_at >= ? group by 1, 2`,
        [input.eventId, since],
      );
      const minutes = Array.from({ length: LIVE_MINUTES }, (_, i) => ({
        minute: new Date(since.getTime() + i * 60_000),
        counts: {} as Record<string, number>,
      }));
      for (const row of rows) {
        const slot = minutes[Math.round((new Date(row.minute).getTime() - since.getTime()) / 60_000)];
        if (slot) slot.counts[row.bucket] = row.taps;
      }
      const [unique] = await query<{ n: number }>(
        ctx,
        'select count(distinct band_id)::int as n from tap_log where event_id = ? and not is_bot and not rate_limited',
        [input.eventId],
      );
      return { source: 'postgres' as const, minutes, uniqueBands: unique!.n };
    }),

  /**
   * Raw taps as CSV, one page at a time in (tapped_at, id) order: a keyset cursor, so page 1,000 of a
   * festival costs what page 1 costs.
   */
  exportCsv: orgProcedure('VIEWER')
    .input(ExportInput)
    .query(async ({ ctx, input }) => {
      await eventOf(ctx, ctx.org.id, input.eventId);
      const after = decodeCursor(input.cursor);
      const rows = await query<Row & { id: string; tapped_at: Date }>(
        ctx,
        `select id, tapped_at, band_id, outcome, mode_served, window_id, redirect_url, country, device_type, os, browser,
                is_bot, rate_limited, host(ip) as ip, user_agent
         from tap_log where event_id = ? and (tapped_at, id) > (?, ?)
         order by tapped_at, id limit ?`,
        [input.eventId, after.tappedAt, after.id, input.limit + 1],
      );
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      const csv = stringify(
        page.map((row) => ({ ...row, tapped_at: new Date(row.tapped_at).toISOString() })),
        {
          header: !input.cursor,
          columns: [
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
          ],
          cast: { boolean: (value) => (value ? 'true' : 'false') },
        },
      );
      return {
        csv,
        rows: page.length,
        nextCursor: rows.length > input.limit && last ? encodeCursor(new Date(last.tapped_at), last.id) : null,
      };
    }),

  privacy: orgProcedure('VIEWER')
    .input(PrivacyGetInput)
    .query(async ({ ctx }) => {
      const [row] = await query<{ ip_mode: string; retention_days: number }>(
        ctx,
        'select ip_mode, retention_days from tap_privacy where org_id = ?',
        [ctx.org.id],
      );
      return {
        ipMode: (row?.ip_mode ?? 'ANONYMIZED') as 'FULL' | 'ANONYMIZED' | 'NONE',
        retentionDays: row?.retention_days ?? ctx.deps.config.taps.defaultRetentionDays,
      };
    }),

  /** Applies to taps flushed from now on; retention applies to every stored tap at the next hourly run. */
  setPrivacy: orgProcedure('OWNER')
    .input(PrivacySetInput)
    .mutation(async ({ ctx, input }) => {
      await ctx.em.getConnection('write').execute(
        `insert into tap_privacy (org_id, ip_mode, retention_days, updated_at) values (?, ?, ?, now())
         on conflict (org_id) do update set ip_mode = excluded.ip_mode, retention_days = excluded.retention_days,
           updated_at = now()`,
        [ctx.org.id, input.ipMode, input.retentionDays],
      );
      return { ipMode: input.ipMode, retentionDays: input.retentionDays };
    }),

  /** Taps on bandIds nobody owns (mis-encoded or foreign tags): platform-wide, for admins. */
  orphans: adminProcedure.input(OrphansInput).query(async ({ ctx, input }) => {
    const rows = await query<{ band_id: string; outcome: string; taps: number; last_tap_at: Date }>(
      ctx,
      `select band_id, outcome, count(*)::int as taps, max(tapped_at) as last_tap_at from tap_log
       where org_id is null and outcome in ('UNKNOWN', 'MALFORMED')
       group by band_id, outcome order by last_tap_at desc limit ?`,
      [input.limit],
    );
    return rows.map((row) => ({
      bandId: row.band_id,
      outcome: row.outcome,
      taps: row.taps,
      lastTapAt: new Date(row.last_tap_at),
    }));
  }),
});

function encodeCursor(tappedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([tappedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): { tappedAt: Date; id: string } {
  if (!cursor) return { tappedAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
  try {
    const [tappedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(tappedAt);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { tappedAt: date, id };
  } catch {
    throw new DomainError('BAD_INPUT', 'Invalid cursor');
  }
}
