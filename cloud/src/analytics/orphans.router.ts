/** Taps on bandIds nobody owns (mis-encoded or foreign tags): platform-wide, for platform admins. */

import { OrphansInput } from '@sparkmotion/shared/schemas/analytics.schema';
import { adminProcedure, router } from '../trpc/init.ts';

export const orphansRouter = router({
  orphans: adminProcedure.input(OrphansInput).query(async ({ ctx, input }) => {
    const rows = await ctx.em
      .getConnection('read')
      .execute<Array<{ band_id: string; outcome: string; taps: number; last_tap_at: Date }>>(
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
