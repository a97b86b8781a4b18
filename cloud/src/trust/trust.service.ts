/**
 * The rules behind the trust router: what an event's tap verdicts add up to, which bands look copied or
 * replayed, where suspicious taps are sent, and the organization's tag secrets a desk may be handed or an
 * OWNER may rotate. Every function acts for a caller already admitted to the organization (`OrgCtx`); the
 * secrets' key-encryption keys come in as an argument.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { exec } from '../db/sql.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { CounterGate } from './counter-gate.ts';
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
  // The rollups' per mode × verdict totals ('' = unclassified): a dozen rows, not the event's taps.
  const rows = await read<{ verdict: Verdict; taps: number }>(
    ctx,
    `select trust as verdict, sum(taps - bots)::int as taps from tap_rollup_mode
     where event_id = ? and trust <> ''
     group by 1`,
    [input.eventId],
  );
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) byVerdict[row.verdict] = row.taps;
  const checked = byVerdict.GENUINE + byVerdict.REPLAYED + byVerdict.COPIED;
  return { byVerdict, checked, genuineShare: checked === 0 ? null : byVerdict.GENUINE / checked };
}

/** A row of the suspicious-bands query (`cloud/test/support/analytics-scan.ts` reads the same shape by scan). */
export interface SuspiciousBandRow {
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
}

export const suspiciousBandView = (row: SuspiciousBandRow) => ({
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
});

/**
 * Bands with REPLAYED or COPIED taps, most suspicious first, with the evidence their taps carried. Those taps
 * are rare and found through their partial index; each band's genuine taps come from its rollup row.
 */
export async function suspiciousBands(ctx: OrgCtx, input: EventRef & { limit: number }) {
  await assertEvent(ctx, input.eventId);
  const rows = await read<SuspiciousBandRow>(
    ctx,
    // Suspicious taps grouped first (few, by their partial index); registration and genuine taps for the page only.
    `with suspicious as (
       select band_id, count(*) as taps,
              count(*) filter (where trust_verdict = 'REPLAYED')::int as replayed,
              count(*) filter (where trust_verdict = 'COPIED')::int as copied,
              max(tapped_at) as last_suspicious_at,
              array_agg(distinct trust_reason) as reasons,
              array_remove(array_agg(distinct trust_uid), null) as uids_seen,
              (array_remove(array_agg(trust_counter order by tapped_at desc), null))[1:10] as counters_seen
       from tap_log where event_id = ? and trust_verdict in ('REPLAYED', 'COPIED')
       group by band_id order by 2 desc, 5 desc limit ?
     )
     select s.band_id, b.uid as registered_uid, b.trust, s.replayed, s.copied, coalesce(r.genuine, 0) as genuine,
            s.last_suspicious_at, s.reasons, s.uids_seen, s.counters_seen
     from suspicious s left join bands b on b.band_id = s.band_id
       left join tap_rollup_band r on r.event_id = ? and r.band_id = s.band_id
     order by s.taps desc, s.last_suspicious_at desc`,
    [input.eventId, input.limit, input.eventId],
  );
  return rows.map(suspiciousBandView);
}

/** Where the event sends REPLAYED/COPIED taps now (an event of another organization is not found). */
export async function trustPolicyOf(ctx: OrgCtx, input: EventRef) {
  const [row] = await ctx.em
    .getConnection()
    .execute<{ trust_policy: 'SAME_PAGE' | 'FALLBACK' }[]>(
      'select trust_policy from events where id = ? and org_id = ?',
      [input.eventId, ctx.org.id],
    );
  if (!row) throw new DomainError('NOT_FOUND', 'Event not found');
  return { eventId: input.eventId, policy: row.trust_policy };
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
    entity: 'event',
    entityId: input.eventId,
    before: { trustPolicy: before.trust_policy },
    after: { trustPolicy: input.policy },
  });
  await ctx.em.flush();
  return { eventId: input.eventId, policy: input.policy };
}

/**
 * Forgets a band's tap counter (the record and the gate's state), audited with the counter it had: the
 * organizer's way out when a band is locked out by counters it never showed (docs/tap-trust.md). Its next
 * tap in reach of 0, or the one in sequence after a jump, becomes the mark again.
 */
export async function resetBandCounter(ctx: OrgCtx, input: { bandId: string }, gate: CounterGate) {
  const connection = ctx.em.getConnection();
  const [band] = await connection.execute<{ last_counter: number | null }[]>(
    `select s.last_counter from bands b left join band_trust_state s on s.band_id = b.band_id
      where b.band_id = ? and b.org_id = ?`,
    [input.bandId, ctx.org.id],
  );
  if (!band) throw new DomainError('NOT_FOUND', 'Band not found');
  // The gate first: with Redis down the reset fails whole, before the record or the audit log change.
  await gate.reset(input.bandId);
  await ctx.em.transactional(async (em) => {
    // The delete tells every instance's FALLBACK guard (a trigger, invalidation.ts). A mark not flushed yet
    // comes back with its flush, guards and all, so such a band is reset again once it is on record.
    await exec(em, 'delete from band_trust_state where band_id = ?', [input.bandId]);
    audit(
      { ...ctx, em },
      {
        action: 'band.resetCounter',
        entity: 'band',
        entityId: input.bandId,
        before: { lastCounter: band.last_counter },
        after: { lastCounter: null },
      },
    );
  });
  return { bandId: input.bandId, reset: true as const };
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
    entity: 'secret',
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
    entity: 'secret',
    entityId: `${ctx.org.id}:${kind}`,
    after: { kind, version },
  });
  await ctx.em.flush();
  return { version };
}
