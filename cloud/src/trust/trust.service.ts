/**
 * The rules behind the trust router: what an event's tap verdicts add up to, which bands look copied or
 * replayed, where suspicious taps are sent, and the organization's tag secrets a desk may be handed or an
 * OWNER may rotate. Every function acts for a caller already admitted to the organization (`OrgCtx`); the
 * secrets' key-encryption keys come in as an argument.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { type OrgSecretKind, orgSecretVersions, rotateOrgSecret } from './org-secrets.ts';

const VERDICTS = ['GENUINE', 'REPLAYED', 'COPIED', 'UNVERIFIED'] as const;
type Verdict = (typeof VERDICTS)[number];

export interface EventRef {
  eventId: string;
}

const read = <T>(ctx: OrgCtx, sql: string, params: unknown[]) => ctx.em.getConnection('read').execute<T[]>(sql, params);

const execute = (ctx: OrgCtx) => {
  const connection = ctx.em.getConnection();
  return <T>(sql: string, params: unknown[]) => connection.execute<T[]>(sql, params);
};

async function assertEvent(ctx: OrgCtx, eventId: string): Promise<void> {
  const rows = await read(ctx, 'select 1 from events where id = ? and org_id = ?', [eventId, ctx.org.id]);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', 'Event not found');
}

/** Per verdict, the event's classified taps, and the genuine share of those whose band can prove anything. */
export async function trustSummary(ctx: OrgCtx, input: EventRef) {
  await assertEvent(ctx, input.eventId);
  const rows = await read<{ verdict: Verdict; taps: number }>(
    ctx,
    `select trust_verdict as verdict, count(*)::int as taps from tap_log
     where event_id = ? and trust_verdict is not null and not is_bot
     group by 1`,
    [input.eventId],
  );
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) byVerdict[row.verdict] = row.taps;
  const checked = byVerdict.GENUINE + byVerdict.REPLAYED + byVerdict.COPIED;
  return { byVerdict, checked, genuineShare: checked === 0 ? null : byVerdict.GENUINE / checked };
}

/** Bands with REPLAYED or COPIED taps, most suspicious first, with the evidence their taps carried. */
export async function suspiciousBands(ctx: OrgCtx, input: EventRef & { limit: number }) {
  await assertEvent(ctx, input.eventId);
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
}

/** Where the event sends REPLAYED/COPIED taps; audited with the policy it replaces. */
export async function setTrustPolicy(ctx: OrgCtx, input: EventRef & { policy: 'SAME_PAGE' | 'FALLBACK' }) {
  const connection = ctx.em.getConnection();
  const [before] = await connection.execute<{ trust_policy: string }[]>(
    'select trust_policy from events where id = ? and org_id = ? for update',
    [input.eventId, ctx.org.id],
  );
  if (!before) throw new DomainError('NOT_FOUND', 'Event not found');
  await connection.execute('update events set trust_policy = ? where id = ?', [input.policy, input.eventId]);
  audit(ctx, {
    action: 'event.setTrustPolicy',
    entity: 'Event',
    entityId: input.eventId,
    before: { trustPolicy: before.trust_policy },
    after: { trustPolicy: input.policy },
  });
  await ctx.em.flush();
  return { eventId: input.eventId, policy: input.policy };
}

/** The NTAG21x password secret, current and older versions (created on first use). */
export async function ntagSecrets(ctx: OrgCtx, secretBox: SecretBox) {
  const versions = await orgSecretVersions(execute(ctx), secretBox, ctx.org.id, 'NTAG21X');
  const hex = versions.map(({ version, secret }) => ({ version, ntagSecret: secret.toString('hex') }));
  const current = hex.at(-1)!;
  return { ntagSecret: current.ntagSecret, version: current.version, versions: hex };
}

/** The NTAG 424 DNA master key, every version: it authenticates taps, so each hand-out is audited. */
export async function handOutSdmMasterKeys(ctx: OrgCtx, secretBox: SecretBox) {
  const versions = await orgSecretVersions(execute(ctx), secretBox, ctx.org.id, 'NTAG424');
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
}

/** A new version of the secret becomes current; audited. */
export async function rotateSecret(ctx: OrgCtx, secretBox: SecretBox, kind: OrgSecretKind) {
  const { version } = await rotateOrgSecret(execute(ctx), secretBox, ctx.org.id, kind);
  audit(ctx, {
    action: 'orgSecret.rotate',
    entity: 'OrgSecret',
    entityId: `${ctx.org.id}:${kind}`,
    after: { kind, version },
  });
  await ctx.em.flush();
  return { version };
}
