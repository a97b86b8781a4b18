/**
 * Band registrations queued offline by desks, applied in bulk: a desk's backlog is thousands of bands.
 * First wins per bandId and per tag UID within an organization (see `decideBandRegistration`).
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '@sparkmotion/shared/errors';
import type { BandRegisterArgs, DeskBandTrust } from '@sparkmotion/shared/sync/mutations';
import { decideBandRegistration } from '@sparkmotion/shared/sync/rules';
import { audit } from '../audit/audit.ts';
import { type OrgAccess, type OrgCtx, orgRoleOverRow, type SessionCtx } from '../auth/org-access.ts';
import { exec } from '../db/sql.ts';
import { eventOrgOf } from '../events/events.service.ts';
import { type BandDraft, checkBands } from './band-registration.ts';

type DeskDraft = BandDraft & { trust: DeskBandTrust };

export type DeskRegistrationOutcome = { ok: true } | { ok: false; error: DomainError };

/**
 * One outcome per registration, in order. An advisory lock per organization serializes concurrent desks,
 * so the check and the insert cannot interleave; the loser is rejected with BAND_ALREADY_REGISTERED.
 */
export async function registerDeskBands(
  ctx: SessionCtx,
  list: readonly BandRegisterArgs[],
): Promise<DeskRegistrationOutcome[]> {
  const outcomes: DeskRegistrationOutcome[] = new Array(list.length);
  const byEvent = new Map<string, number[]>();
  list.forEach((args, index) => {
    byEvent.set(args.eventId, [...(byEvent.get(args.eventId) ?? []), index]);
  });
  for (const [eventId, indexes] of byEvent) {
    let orgId: string;
    let org: OrgAccess;
    try {
      // Another organization's event answers as one that does not exist.
      const access = await orgRoleOverRow(ctx.em, ctx.session, await eventOrgOf(ctx.em, eventId), 'EDITOR');
      if (!access) throw new DomainError('NOT_FOUND', 'Event not found');
      org = access;
      orgId = org.id;
    } catch (error) {
      for (const i of indexes) outcomes[i] = { ok: false, error: error as DomainError };
      continue;
    }
    await exec(ctx.em, 'select pg_advisory_xact_lock(hashtext(?))', [`bands:${orgId}`]);
    // The very same registration already stored (another desk scanned the same band for the same event) is
    // not a conflict; everything else goes through the bands feature's own checks (first wins).
    const same = await exec<{ band_id: string; uid: string | null; event_id: string; secret_version: number | null }>(
      ctx.em,
      'select band_id, uid, event_id, secret_version from bands where band_id in (select jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(indexes.map((i) => list[i]!.bandId))],
    );
    const stored = new Map(
      same.map((b) => [
        b.band_id,
        { bandId: b.band_id, uid: b.uid, eventId: b.event_id, secretVersion: b.secret_version ?? 1 },
      ]),
    );
    const rekeyed: BandRegisterArgs[] = [];
    const candidates = indexes.filter((i) => {
      const a = list[i]!;
      const existing = stored.get(a.bandId) ?? null;
      const decision = decideBandRegistration(a, { byBandId: existing, byUid: null });
      if (decision.outcome !== 'already-done') return true;
      outcomes[i] = { ok: true };
      // The band re-encoded in place with the current version of the secret (docs/secrets.md). Only forward:
      // a re-encode pushed late at an older version than one already recorded was overwritten on the tag
      // since (a desk without the newer secret cannot open a band protected with it).
      if (a.secretVersion && a.secretVersion > existing!.secretVersion) rekeyed.push(a);
      return false;
    });
    await moveSecretVersions({ ...ctx, org }, rekeyed, stored);
    const drafts: BandDraft[] = candidates.map((i) => {
      const a = list[i]!;
      return { bandId: a.bandId, uid: a.uid, stationId: a.stationId, registeredAt: new Date(a.registeredAt) };
    });
    // The outbox belongs to this organization's desk: ids it minted before they named their organization
    // sync once, here; an id minted for another organization never does (docs/adr/0007-band-ids-bound-to-their-organization.md).
    const checked = await checkBands(ctx.em, orgId, drafts, { acceptLegacy: true });
    const errors = new Map(checked.map((e) => [e.row, e]));
    const accepted: DeskDraft[] = [];
    candidates.forEach((i, row) => {
      const error = errors.get(row);
      if (error) {
        const a = list[i]!;
        const message =
          error.code === 'BAND_ID_FOREIGN'
            ? `Band ${a.bandId} (tag ${a.uid}) was not minted for this organization.`
            : `Band ${a.bandId} (tag ${a.uid}) was registered first elsewhere: ${error.message}.`;
        outcomes[i] = { ok: false, error: new DomainError(error.code, message, { bandId: a.bandId }) };
      } else {
        outcomes[i] = { ok: true };
        // Mutations queued before desks reported the trust kind carry none: NONE, as before.
        accepted.push({
          ...drafts[row]!,
          trust: list[i]!.trust ?? 'NONE',
          secretVersion: list[i]!.secretVersion,
        });
      }
    });
    if (accepted.length > 0) await insertBands(ctx, orgId, eventId, accepted);
  }
  return outcomes;
}

/** Records the secret version bands were re-encoded with, one audit row each (`band.rekey`). */
async function moveSecretVersions(
  ctx: OrgCtx,
  rekeyed: readonly BandRegisterArgs[],
  stored: ReadonlyMap<string, { secretVersion: number }>,
): Promise<void> {
  if (rekeyed.length === 0) return;
  for (const a of rekeyed) {
    await exec(ctx.em, 'update bands set secret_version = ?, updated_at = now() where org_id = ? and band_id = ?', [
      a.secretVersion,
      ctx.org.id,
      a.bandId,
    ]);
    audit(ctx, {
      action: 'band.rekey',
      entity: 'band',
      entityId: a.bandId,
      before: { secretVersion: stored.get(a.bandId)!.secretVersion },
      after: { secretVersion: a.secretVersion, stationId: a.stationId },
    });
  }
  await ctx.em.flush();
}

/**
 * Writes what `createBands` would (ACTIVE bands registered by the caller, with their station) plus one
 * audit row per band, as two INSERT … SELECT statements: going through the unit of work cost ~0.5 ms per
 * band. The rules stay `checkBands`'s. `bands.trust` is what the desk encoded, so the tap classifier judges
 * the band's very first tap by it, with the secret version it was written with (`bands.secret_version`).
 */
async function insertBands(ctx: SessionCtx, orgId: string, eventId: string, drafts: DeskDraft[]): Promise<void> {
  const rows = JSON.stringify(
    drafts.map((d) => ({
      id: randomUUID(),
      band_id: d.bandId,
      uid: d.uid ?? null,
      registered_at: (d.registeredAt ?? ctx.now()).toISOString(),
      station_id: d.stationId ?? null,
      trust: d.trust,
      secret_version: d.secretVersion ?? null,
    })),
  );
  await exec(
    ctx.em,
    `insert into bands (id, org_id, event_id, band_id, uid, status, registered_at, registered_by_id, station_id, trust, secret_version)
     select x.id, ?::uuid, ?::uuid, x.band_id, x.uid, 'ACTIVE', x.registered_at, ?::uuid, x.station_id, x.trust, x.secret_version
       from jsonb_to_recordset(?::jsonb)
         as x(id uuid, band_id text, uid text, registered_at timestamptz, station_id text, trust text, secret_version int)`,
    [orgId, eventId, ctx.session.userId, rows],
  );
  await exec(
    ctx.em,
    `insert into audit_log (id, org_id, actor_id, action, entity, entity_id, after)
     select gen_random_uuid(), ?::uuid, ?::uuid, 'band.register', 'band', x.band_id,
            jsonb_build_object('bandId', x.band_id, 'uid', x.uid, 'eventId', ?::text, 'stationId', x.station_id, 'trust', x.trust, 'source', 'sync')
       from jsonb_to_recordset(?::jsonb) as x(band_id text, uid text, station_id text, trust text)`,
    [orgId, ctx.session.userId, eventId, rows],
  );
}
