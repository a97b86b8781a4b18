/**
 * Tap-trust analytics and settings, org-scoped (`orgProcedure`):
 * - `summary`: per verdict, the event's classified taps, and the genuine share (of taps whose band can
 *   prove anything, i.e. without UNVERIFIED);
 * - `suspiciousBands`: bands with REPLAYED or COPIED taps, with their evidence (counts, last seen, the
 *   UIDs and counters the suspicious taps carried, the reasons);
 * - `setPolicy`: where the event sends REPLAYED/COPIED taps (SAME_PAGE or FALLBACK), EDITOR and up;
 * - `ntagSecret`: the organization's NTAG21x password secret, for the desk that encodes its bands (EDITOR
 *   and up; created on first use): the current version, and the older ones a band may still be locked
 *   with. It only protects tags against rewriting.
 * - `sdmMasterKeys`: the organization's NTAG 424 DNA master key, every version, for the desk that
 *   personalises 424 bands (EDITOR and up, as the NTAG secret). It authenticates taps, so every hand-out is
 *   audited (`orgSecret.handOut`); desks ask only when a 424 band is on the reader, and no screen shows it.
 * - `rotateNtagSecret`, `rotateSdmMasterKey` (OWNER, audited): a new version becomes current, e.g. after
 *   an editor who saw the secret left; bands keep the version they were written with until encoded again.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Context } from '../trpc/context.ts';
import { orgProcedure, router } from '../trpc/init.ts';
import { type OrgSecretKind, orgSecretVersions, rotateOrgSecret } from './org-secrets.ts';

const EventInput = z.object({ orgId: z.uuid(), eventId: z.uuid() });
const SuspiciousInput = EventInput.extend({ limit: z.number().int().min(1).max(500).default(50) });
const PolicyInput = EventInput.extend({ policy: z.enum(['SAME_PAGE', 'FALLBACK']) });
const OrgInput = z.object({ orgId: z.uuid() });

const VERDICTS = ['GENUINE', 'REPLAYED', 'COPIED', 'UNVERIFIED'] as const;

const read = <T>(ctx: Context, sql: string, params: unknown[]) =>
  ctx.em.getConnection('read').execute<T[]>(sql, params);

const execute = (ctx: Context) => {
  const connection = ctx.em.getConnection();
  return <T>(sql: string, params: unknown[]) => connection.execute<T[]>(sql, params);
};

async function rotate(ctx: Context & { org: { id: string } }, kind: OrgSecretKind): Promise<{ version: number }> {
  const { version } = await rotateOrgSecret(execute(ctx), ctx.deps.secretBox, ctx.org.id, kind);
  audit(ctx, {
    action: 'orgSecret.rotate',
    entity: 'OrgSecret',
    entityId: `${ctx.org.id}:${kind}`,
    after: { kind, version },
  });
  await ctx.em.flush();
  return { version };
}

async function assertEvent(ctx: Context, orgId: string, eventId: string): Promise<void> {
  const rows = await read(ctx, 'select 1 from events where id = ? and org_id = ?', [eventId, orgId]);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', 'Event not found');
}

export const trustRouter = router({
  summary: orgProcedure('VIEWER')
    .input(EventInput)
    .query(async ({ ctx, input }) => {
      await assertEvent(ctx, ctx.org.id, input.eventId);
      const rows = await read<{ verdict: string; taps: number }>(
        ctx,
        `select trust_verdict as verdict, count(*)::int as taps from tap_log
         where event_id = ? and trust_verdict is not null and not is_bot
         group by 1`,
        [input.eventId],
      );
      const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<(typeof VERDICTS)[number], number>;
      for (const row of rows) byVerdict[row.verdict as (typeof VERDICTS)[number]] = row.taps;
      const checked = byVerdict.GENUINE + byVerdict.REPLAYED + byVerdict.COPIED;
      return { byVerdict, checked, genuineShare: checked === 0 ? null : byVerdict.GENUINE / checked };
    }),

  suspiciousBands: orgProcedure('VIEWER')
    .input(SuspiciousInput)
    .query(async ({ ctx, input }) => {
      await assertEvent(ctx, ctx.org.id, input.eventId);
      const rows = await read<{
        band_id: string;
        registered_uid: string | null;
        trust: string | null;
        replayed: number;
        copied: number;
        genuine: number;
        last_suspicious_at: Date;
        reasons: string[];
        uids_seen: string[] | null;
        counters_seen: number[] | null;
      }>(
        ctx,
        `select t.band_id, b.uid as registered_uid, b.trust,
                count(*) filter (where t.trust_verdict = 'REPLAYED')::int as replayed,
                count(*) filter (where t.trust_verdict = 'COPIED')::int as copied,
                (select count(*)::int from tap_log g
                  where g.event_id = t.event_id and g.band_id = t.band_id and g.trust_verdict = 'GENUINE') as genuine,
                max(t.tapped_at) as last_suspicious_at,
                array_agg(distinct t.trust_reason) as reasons,
                array_remove(array_agg(distinct t.trust_uid), null) as uids_seen,
                (array_remove(array_agg(t.trust_counter order by t.tapped_at desc), null))[1:10] as counters_seen
         from tap_log t left join bands b on b.band_id = t.band_id
         where t.event_id = ? and t.trust_verdict in ('REPLAYED', 'COPIED')
         group by t.event_id, t.band_id, b.uid, b.trust
         order by count(*) desc, max(t.tapped_at) desc
         limit ?`,
        [input.eventId, input.limit],
      );
      return rows.map((row) => ({
        bandId: row.band_id,
        registeredUid: row.registered_uid,
        /** How the band proves its taps (NTAG424_SUN: a copy cannot forge its SUN). */
        trust: row.trust,
        replayed: row.replayed,
        copied: row.copied,
        genuine: row.genuine,
        lastSuspiciousAt: new Date(row.last_suspicious_at),
        reasons: row.reasons,
        uidsSeen: row.uids_seen ?? [],
        recentCounters: row.counters_seen ?? [],
      }));
    }),

  setPolicy: orgProcedure('EDITOR')
    .input(PolicyInput)
    .mutation(async ({ ctx, input }) => {
      const [before] = await ctx.em
        .getConnection()
        .execute<{ trust_policy: string }[]>('select trust_policy from events where id = ? and org_id = ? for update', [
          input.eventId,
          ctx.org.id,
        ]);
      if (!before) throw new DomainError('NOT_FOUND', 'Event not found');
      await ctx.em
        .getConnection()
        .execute('update events set trust_policy = ? where id = ?', [input.policy, input.eventId]);
      audit(ctx, {
        action: 'event.setTrustPolicy',
        entity: 'Event',
        entityId: input.eventId,
        before: { trustPolicy: before.trust_policy },
        after: { trustPolicy: input.policy },
      });
      await ctx.em.flush();
      return { eventId: input.eventId, policy: input.policy };
    }),

  ntagSecret: orgProcedure('EDITOR')
    .input(OrgInput)
    .query(async ({ ctx }) => {
      const versions = await orgSecretVersions(execute(ctx), ctx.deps.secretBox, ctx.org.id, 'NTAG21X');
      const hex = versions.map(({ version, secret }) => ({ version, ntagSecret: secret.toString('hex') }));
      const current = hex.at(-1)!;
      return { ntagSecret: current.ntagSecret, version: current.version, versions: hex };
    }),

  rotateNtagSecret: orgProcedure('OWNER')
    .input(OrgInput)
    .mutation(({ ctx }) => rotate(ctx, 'NTAG21X')),

  sdmMasterKeys: orgProcedure('EDITOR')
    .input(OrgInput)
    .query(async ({ ctx }) => {
      const versions = await orgSecretVersions(execute(ctx), ctx.deps.secretBox, ctx.org.id, 'NTAG424');
      const current = versions.at(-1)!.version;
      audit(ctx, {
        action: 'orgSecret.handOut',
        entity: 'OrgSecret',
        entityId: `${ctx.org.id}:NTAG424`,
        after: { kind: 'NTAG424', versions: versions.map((v) => v.version) },
      });
      await ctx.em.flush();
      return {
        version: current,
        versions: versions.map(({ version, secret }) => ({ version, key: secret.toString('hex') })),
      };
    }),

  rotateSdmMasterKey: orgProcedure('OWNER')
    .input(OrgInput)
    .mutation(({ ctx }) => rotate(ctx, 'NTAG424')),
});
