/**
 * Analytics of an event's taps, org-scoped (`orgProcedure('VIEWER')`): totals, taps over time in the
 * event's time zone by mode, top bands, per window, the last 15 minutes, breakdowns (country, device,
 * OS, browser, bots by name, trust verdict, hour of day), all from the rollups (`analytics.service.ts`);
 * and raw taps as CSV, page by page (`tap-export.ts`).
 *
 * Reads go through `em.getConnection('read')`: to a read replica when the ORM has one.
 */

import {
  BreakdownInput,
  ExportInput,
  LiveInput,
  PerWindowInput,
  SummaryInput,
  TapsOverTimeInput,
  TopBandsInput,
} from '@sparkmotion/shared/schemas/analytics.schema';
import type { Context } from '../trpc/context.ts';
import { mergeRouters, orgProcedure, router } from '../trpc/init.ts';
import * as analytics from './analytics.service.ts';
import { orphansRouter } from './orphans.router.ts';
import { privacyRouter } from './privacy.router.ts';
import { exportPage } from './tap-export.ts';

const reader =
  (ctx: Context): analytics.Read =>
  (sql, params = []) =>
    ctx.em.getConnection('read').execute(sql, [...params]);

/** The reader, and the event checked to be the organization's (NOT_FOUND otherwise). */
async function eventScope(ctx: Context & { org: { id: string } }, eventId: string) {
  const read = reader(ctx);
  const { timezone } = await analytics.eventOf(read, ctx.org.id, eventId);
  return { read, event: { eventId, timezone } };
}

const LIVE_MINUTES = 15;

const tapAnalyticsRouter = router({
  summary: orgProcedure('VIEWER')
    .input(SummaryInput)
    .query(async ({ ctx, input }) => {
      const { read } = await eventScope(ctx, input.eventId);
      return analytics.summary(read, input.eventId, input.includeFlagged);
    }),

  tapsOverTime: orgProcedure('VIEWER')
    .input(TapsOverTimeInput)
    .query(async ({ ctx, input }) => {
      const { read, event } = await eventScope(ctx, input.eventId);
      return analytics.tapsOverTime(read, event, input);
    }),

  topBands: orgProcedure('VIEWER')
    .input(TopBandsInput)
    .query(async ({ ctx, input }) => {
      const { read } = await eventScope(ctx, input.eventId);
      return analytics.topBands(read, input.eventId, input);
    }),

  perWindow: orgProcedure('VIEWER')
    .input(PerWindowInput)
    .query(async ({ ctx, input }) => {
      const { read } = await eventScope(ctx, input.eventId);
      return analytics.perWindow(read, input.eventId, input.includeFlagged);
    }),

  breakdown: orgProcedure('VIEWER')
    .input(BreakdownInput)
    .query(async ({ ctx, input }) => {
      const { read, event } = await eventScope(ctx, input.eventId);
      const rows = await analytics.breakdown(read, event, input.dimension, input.includeFlagged);
      return { dimension: input.dimension, rows };
    }),

  /** The last 15 minutes, per minute (UTC minute starts): Redis's live counters, else the rollups. */
  live: orgProcedure('VIEWER')
    .input(LiveInput)
    .query(async ({ ctx, input }) => {
      const { read } = await eventScope(ctx, input.eventId);
      const nowMs = ctx.now().getTime();
      const live = ctx.deps.liveTaps;
      if (live) {
        try {
          return { source: 'redis' as const, ...(await live.lastMinutes(input.eventId, nowMs, LIVE_MINUTES)) };
        } catch {
          // Redis down: the same figures from the rollups below.
        }
      }
      return {
        source: 'postgres' as const,
        ...(await analytics.lastMinutes(read, input.eventId, nowMs, LIVE_MINUTES)),
      };
    }),

  exportCsv: orgProcedure('VIEWER')
    .input(ExportInput)
    .query(async ({ ctx, input }) => {
      const { read } = await eventScope(ctx, input.eventId);
      return exportPage(read, input);
    }),
});

/** Tap analytics, the organization's tap privacy and the admins' orphan report, under one `analytics` path. */
export const analyticsRouter = mergeRouters(tapAnalyticsRouter, privacyRouter, orphansRouter);
