/**
 * The organization's tap privacy: how much of each tap's IP is stored (FULL / ANONYMIZED / NONE) and
 * after how many days raw taps' personal data, then raw taps themselves, go. Read by the flusher and the
 * retention jobs.
 */
import { PrivacyGetInput, PrivacySetInput } from '@sparkmotion/shared/schemas/analytics.schema';
import { audit } from '../audit/audit.ts';
import { orgProcedure, router } from '../trpc/init.ts';

export const privacyRouter = router({
  privacy: orgProcedure('VIEWER')
    .input(PrivacyGetInput)
    .query(async ({ ctx }) => {
      const [row] = await ctx.em
        .getConnection('read')
        .execute<Array<{ ip_mode: string; retention_days: number; raw_retention_days: number | null }>>(
          'select ip_mode, retention_days, raw_retention_days from tap_privacy where org_id = ?',
          [ctx.org.id],
        );
      return {
        ipMode: (row?.ip_mode ?? 'ANONYMIZED') as 'FULL' | 'ANONYMIZED' | 'NONE',
        retentionDays: row?.retention_days ?? ctx.deps.config.taps.defaultRetentionDays,
        rawRetentionDays: row?.raw_retention_days ?? ctx.deps.config.taps.defaultRawRetentionDays,
      };
    }),

  /** Applies to taps flushed from now on; retention applies to every stored tap at the next hourly run. */
  setPrivacy: orgProcedure('OWNER')
    .input(PrivacySetInput)
    .mutation(async ({ ctx, input }) => {
      const connection = ctx.em.getConnection('write');
      const [before] = await connection.execute<
        Array<{ ip_mode: string; retention_days: number; raw_retention_days: number | null }>
      >('select ip_mode, retention_days, raw_retention_days from tap_privacy where org_id = ?', [ctx.org.id]);
      await connection.execute(
        `insert into tap_privacy (org_id, ip_mode, retention_days, raw_retention_days, updated_at) values (?, ?, ?, ?, now())
         on conflict (org_id) do update set ip_mode = excluded.ip_mode, retention_days = excluded.retention_days,
           raw_retention_days = coalesce(excluded.raw_retention_days, tap_privacy.raw_retention_days), updated_at = now()`,
        [ctx.org.id, input.ipMode, input.retentionDays, input.rawRetentionDays ?? null],
      );
      audit(ctx, {
        action: 'org.setPrivacy',
        entity: 'Organization',
        entityId: ctx.org.id,
        before: before
          ? {
              ipMode: before.ip_mode,
              retentionDays: before.retention_days,
              rawRetentionDays: before.raw_retention_days,
            }
          : null,
        after: {
          ipMode: input.ipMode,
          retentionDays: input.retentionDays,
          rawRetentionDays: input.rawRetentionDays ?? before?.raw_retention_days ?? null,
        },
      });
      await ctx.em.flush();
      return { ipMode: input.ipMode, retentionDays: input.retentionDays };
    }),
});
