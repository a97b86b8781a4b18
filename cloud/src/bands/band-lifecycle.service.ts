/**
 * A band's life after registration: disabled, enabled, lost, replaced, moved to another event, or released
 * from its tag. The bands router and the sync handlers both apply these rules.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import type { BandReplaceInput } from '@sparkmotion/shared/schemas/bands.schema';
import type { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import type { BandReassignArgs, BandReleaseArgs, BandReplaceArgs } from '@sparkmotion/shared/sync/mutations';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { type OrgCtx, orgRoleOverRow, type SessionCtx } from '../auth/org-access.ts';
import { exec } from '../db/sql.ts';
import { eventOrgOf } from '../events/events.service.ts';
import { Band } from './band.entity.ts';
import { BandAttendee } from './band-attendee.entity.ts';
import { type BandDraft, checkBands, createBands, newBandId } from './band-registration.ts';
import { bandOrFail, viewOrFail } from './bands.service.ts';

/** Which status each status may be reached from. */
const REACHABLE_FROM: Record<BandStatus, readonly BandStatus[]> = {
  DISABLED: ['ACTIVE'],
  ACTIVE: ['DISABLED'],
  LOST: ['ACTIVE', 'DISABLED'],
};

export async function setBandStatus(ctx: OrgCtx, bandId: string, status: BandStatus) {
  const band = await bandOrFail(ctx, bandId);
  if (!REACHABLE_FROM[status].includes(band.status)) {
    throw new DomainError('BAND_NOT_ACTIVE', `A ${band.status} band cannot become ${status}`);
  }
  const before = band.status;
  band.status = status;
  audit(ctx, {
    action: `band.${status.toLowerCase()}`,
    entity: 'band',
    entityId: band.bandId,
    before: { status: before },
    after: { status },
  });
  await ctx.em.flush();
  return viewOrFail(ctx, bandId);
}

/** A replacement as both callers give it: the API's `bands.replace` and a desk's queued `band.replace`. */
type Replacement = z.output<typeof BandReplaceInput> & Pick<BandDraft, 'registeredAt' | 'trust' | 'secretVersion'>;

/**
 * Replaces a lost (or still active) band with a new one in the same event: the old band becomes LOST and
 * points to the new one, which takes over the attendee link. The old band keeps its taps and history.
 * Asking again for the very replacement already made (same new bandId and tag) answers it unchanged, so a
 * desk's replayed mutation is a no-op; any other second replacement is BAND_ALREADY_REPLACED. Returns both
 * bandIds.
 */
export async function replaceBand(ctx: OrgCtx, input: Replacement) {
  const old = await bandOrFail(ctx, input.bandId);
  if (old.replacedBy) {
    const current = await ctx.em.findOneOrFail(Band, { id: old.replacedBy }, { fields: ['bandId', 'uid'] });
    if (current.bandId !== input.newBandId || current.uid !== (input.newUid ?? null)) {
      throw new DomainError('BAND_ALREADY_REPLACED', `Band ${old.bandId} was replaced by ${current.bandId} already`, {
        replacedBy: current.bandId,
      });
    }
    return { lost: old.bandId, replacement: current.bandId };
  }
  const draft: BandDraft = {
    bandId: input.newBandId ?? newBandId(ctx.org.id),
    uid: input.newUid ?? null,
    registeredAt: input.registeredAt,
    trust: input.trust,
    secretVersion: input.secretVersion,
  };
  if (input.stationId) draft.stationId = input.stationId;
  const errors = await checkBands(ctx.em, ctx.org.id, [draft], { uidReusableFrom: [old.id] });
  if (errors.length) throw new DomainError(errors[0]!.code, errors[0]!.message, { errors });
  const oldStatus = old.status;
  old.status = 'LOST';
  const [replacement] = createBands(
    ctx.em,
    { orgId: ctx.org.id, eventId: old.event, userId: ctx.session.userId, now: ctx.now() },
    [draft],
  );
  old.replacedBy = replacement!.id;
  const attendee = await ctx.em.findOne(BandAttendee, { band: old.id });
  if (attendee) attendee.band = replacement!.id;
  audit(ctx, {
    action: 'band.replace',
    entity: 'band',
    entityId: old.bandId,
    before: { bandId: old.bandId, uid: old.uid, status: oldStatus },
    after: {
      bandId: old.bandId,
      status: 'LOST',
      replacedBy: replacement!.bandId,
      replacementUid: replacement!.uid,
      attendeeMoved: Boolean(attendee),
    },
  });
  await ctx.em.flush();
  return { lost: old.bandId, replacement: replacement!.bandId };
}

/**
 * A desk's `band.replace`, replayed: the organization is the lost band's (EDITOR), the rules replaceBand's.
 * The replacement takes the lost band's event, whatever event the desk saw it in.
 */
export async function replaceDeskBand(ctx: SessionCtx, args: BandReplaceArgs): Promise<void> {
  const rows = await exec<{ org_id: string }>(ctx.em, 'select org_id from bands where band_id = ?', [args.lostBandId]);
  // Another organization's band answers as one that does not exist.
  const org = await orgRoleOverRow(ctx.em, ctx.session, rows[0]?.org_id ?? null, 'EDITOR');
  if (!org) throw new DomainError('NOT_FOUND', `Band ${args.lostBandId} not found`);
  // The lock desk registrations take (desk-registration.service.ts): a tag is registered once, whichever way.
  await exec(ctx.em, 'select pg_advisory_xact_lock(hashtext(?))', [`bands:${org.id}`]);
  await replaceBand(
    { ...ctx, org },
    {
      orgId: org.id,
      bandId: args.lostBandId,
      newBandId: args.bandId,
      newUid: args.uid,
      stationId: args.stationId,
      registeredAt: new Date(args.registeredAt),
      trust: args.trust,
      secretVersion: args.secretVersion,
    },
  );
}

/**
 * A band marked lost by mistake (found again) works again: ACTIVE, its attendee back, its replacement
 * retired (DISABLED) and unlinked, in one change. A replacement that carries a tag is retired only when asked
 * (`retireReplacement`: the attendee may wear it, and it stops working); else CONFLICT, naming it in
 * `details.replacedBy`. One written on this band's own tag is never undone: the tag carries the replacement.
 */
export async function restoreBand(ctx: OrgCtx, bandId: string, { retireReplacement = false } = {}) {
  const band = await bandOrFail(ctx, bandId);
  if (band.status !== 'LOST') throw new DomainError('BAND_NOT_ACTIVE', `A ${band.status} band is not lost`);
  const replacement = band.replacedBy ? await ctx.em.findOneOrFail(Band, { id: band.replacedBy }) : null;
  if (replacement?.uid && replacement.uid === band.uid) {
    throw new DomainError('CONFLICT', `Its replacement ${replacement.bandId} was written on its own tag`, {
      replacedBy: replacement.bandId,
    });
  }
  if (replacement?.uid && replacement.status === 'ACTIVE' && !retireReplacement) {
    throw new DomainError(
      'CONFLICT',
      `Its replacement ${replacement.bandId} carries a tag already: retire it with the restore, or disable it first`,
      { replacedBy: replacement.bandId },
    );
  }
  const replacementBefore = replacement && {
    bandId: replacement.bandId,
    uid: replacement.uid,
    status: replacement.status,
  };
  if (replacement) {
    const attendee = await ctx.em.findOne(BandAttendee, { band: replacement.id });
    if (attendee) attendee.band = band.id;
    replacement.status = 'DISABLED';
  }
  band.status = 'ACTIVE';
  band.replacedBy = null;
  audit(ctx, {
    action: 'band.restore',
    entity: 'band',
    entityId: band.bandId,
    before: { status: 'LOST', replacedBy: replacement?.bandId ?? null, replacement: replacementBefore },
    after: { status: 'ACTIVE', replacementDisabled: replacement?.bandId ?? null },
  });
  await ctx.em.flush();
  return viewOrFail(ctx, bandId);
}

/** Moves a band to another event of its own organization (EDITOR). */
export async function reassignBand(ctx: SessionCtx, args: BandReassignArgs): Promise<void> {
  const rows = await exec<{ id: string; org_id: string; event_id: string }>(
    ctx.em,
    'select id, org_id, event_id from bands where band_id = ?',
    [args.bandId],
  );
  const band = rows[0];
  // Another organization's band, and an event outside the band's organization, answer as ones that do not exist.
  const org = await orgRoleOverRow(ctx.em, ctx.session, band?.org_id ?? null, 'EDITOR');
  if (!band || !org) throw new DomainError('NOT_FOUND', `Band ${args.bandId} not found`);
  if ((await eventOrgOf(ctx.em, args.eventId)) !== org.id) throw new DomainError('NOT_FOUND', 'Event not found');
  await exec(ctx.em, 'update bands set event_id = ?, updated_at = now() where id = ?', [args.eventId, band.id]);
  audit(
    { ...ctx, org },
    {
      action: 'band.reassign',
      entity: 'band',
      entityId: args.bandId,
      before: { eventId: band.event_id },
      after: { eventId: args.eventId },
    },
  );
  await ctx.em.flush();
}

/**
 * Takes the tag off a band (EDITOR): the band keeps its history, loses its UID and is DISABLED. Returns a
 * message when there was nothing to do, because the band no longer carried that tag.
 */
export async function releaseBand(ctx: SessionCtx, args: BandReleaseArgs): Promise<string | undefined> {
  const rows = await exec<{ id: string; org_id: string; status: string }>(
    ctx.em,
    'select id, org_id, status from bands where band_id = ? and uid = ?',
    [args.bandId, args.uid],
  );
  const band = rows[0];
  // Another organization's band answers as one that does not carry the tag: nothing to do.
  const org = await orgRoleOverRow(ctx.em, ctx.session, band?.org_id ?? null, 'EDITOR');
  if (!band || !org) return 'The band no longer carried that tag.';
  await exec(ctx.em, "update bands set uid = null, status = 'DISABLED', updated_at = now() where id = ?", [band.id]);
  audit(
    { ...ctx, org },
    {
      action: 'band.release',
      entity: 'band',
      entityId: args.bandId,
      before: { uid: args.uid, status: band.status },
      after: { uid: null, status: 'DISABLED' },
    },
  );
  await ctx.em.flush();
  return undefined;
}
