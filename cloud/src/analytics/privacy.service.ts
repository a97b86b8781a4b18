/**
 * The organization's tap privacy: how much of each tap's IP is stored (FULL / ANONYMIZED / NONE) and after
 * how many days raw taps' personal data, then raw taps themselves, go. Read by the flusher and the retention
 * jobs; an organization without a row of its own gets the deployment's defaults, handed in by the caller.
 */
import type { PrivacySetInput } from '@sparkmotion/shared/schemas/analytics.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import type { TapPipelineOptions } from '../taps/tap-pipeline.ts';

type IpMode = 'FULL' | 'ANONYMIZED' | 'NONE';
type PrivacyRow = { ip_mode: IpMode; retention_days: number; raw_retention_days: number | null };
export type PrivacyDefaults = Pick<TapPipelineOptions, 'defaultRetentionDays' | 'defaultRawRetentionDays'>;

const SELECT_PRIVACY = 'select ip_mode, retention_days, raw_retention_days from tap_privacy where org_id = ?';

export async function getPrivacy(ctx: OrgCtx, defaults: PrivacyDefaults) {
  const [row] = await ctx.em.getConnection('read').execute<PrivacyRow[]>(SELECT_PRIVACY, [ctx.org.id]);
  return {
    ipMode: row?.ip_mode ?? ('ANONYMIZED' as IpMode),
    retentionDays: row?.retention_days ?? defaults.defaultRetentionDays,
    rawRetentionDays: row?.raw_retention_days ?? defaults.defaultRawRetentionDays,
  };
}

/** Applies to taps flushed from now on; retention applies to every stored tap at the next hourly run. */
export async function setPrivacy(ctx: OrgCtx, input: z.output<typeof PrivacySetInput>) {
  const connection = ctx.em.getConnection('write');
  const [before] = await connection.execute<PrivacyRow[]>(SELECT_PRIVACY, [ctx.org.id]);
  await connection.execute(
    `insert into tap_privacy (org_id, ip_mode, retention_days, raw_retention_days, updated_at) values (?, ?, ?, ?, now())
     on conflict (org_id) do update set ip_mode = excluded.ip_mode, retention_days = excluded.retention_days,
       raw_retention_days = coalesce(excluded.raw_retention_days, tap_privacy.raw_retention_days), updated_at = now()`,
    [ctx.org.id, input.ipMode, input.retentionDays, input.rawRetentionDays ?? null],
  );
  audit(ctx, {
    action: 'org.setPrivacy',
    entity: 'organization',
    entityId: ctx.org.id,
    before: before
      ? { ipMode: before.ip_mode, retentionDays: before.retention_days, rawRetentionDays: before.raw_retention_days }
      : null,
    after: {
      ipMode: input.ipMode,
      retentionDays: input.retentionDays,
      rawRetentionDays: input.rawRetentionDays ?? before?.raw_retention_days ?? null,
    },
  });
  await ctx.em.flush();
  return { ipMode: input.ipMode, retentionDays: input.retentionDays };
}
