/** The rules of registering, finding and describing bands: what the bands router and the sync handlers apply. */

import type { EntityManager } from '@mikro-orm/postgresql';
import { attendeesInCloudFor, hasAttendee } from '@sparkmotion/shared/bands/attendee-privacy';
import { DomainError } from '@sparkmotion/shared/errors';
import type * as schema from '@sparkmotion/shared/schemas/bands.schema';
import type { BandSetAttendeeArgs } from '@sparkmotion/shared/sync/mutations';
import { mergeAttendee } from '@sparkmotion/shared/sync/rules';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { escapeLike, exec } from '../db/sql.ts';
import { Event } from '../events/event.entity.ts';
import { Band } from './band.entity.ts';
import { BAND_SELECT, type BandRow, type BandView, bandView, findBandView } from './band.view.ts';
import { BandAttendee } from './band-attendee.entity.ts';
import { bandsToCsv, parseBandCsv } from './band-csv.ts';
import { type BandDraft, checkBands, createBands, type RowError } from './band-registration.ts';

export async function assertEvent(ctx: OrgCtx, eventId: string): Promise<void> {
  await ctx.em.findOneOrFail(Event, { id: eventId, org: ctx.org.id }, { fields: ['id'] });
}

export async function bandOrFail(ctx: OrgCtx, bandId: string): Promise<Band> {
  return ctx.em.findOneOrFail(Band, { bandId, org: ctx.org.id });
}

export async function viewOrFail(ctx: OrgCtx, bandId: string): Promise<BandView> {
  const view = await findBandView(ctx.em, ctx.org.id, bandId, ctx.org.role);
  if (!view) throw new DomainError('NOT_FOUND', 'Band not found');
  return view;
}

/** Writes a batch after checking all of it; throws with every row's problem, writes nothing then. */
export async function registerBatch(ctx: OrgCtx, eventId: string, drafts: BandDraft[]): Promise<Band[]> {
  await assertEvent(ctx, eventId);
  const errors = await checkBands(ctx.em, ctx.org.id, drafts);
  if (errors.length) {
    const first = errors[0]!;
    throw new DomainError(first.code, drafts.length === 1 ? first.message : `${errors.length} bands refused`, {
      errors,
    });
  }
  const bands = createBands(ctx.em, { orgId: ctx.org.id, eventId, userId: ctx.session.userId, now: ctx.now() }, drafts);
  for (const band of bands) {
    const after = { bandId: band.bandId, uid: band.uid, eventId, stationId: band.stationId };
    audit(ctx, { action: 'band.register', entity: 'band', entityId: band.bandId, after });
  }
  await ctx.em.flush();
  return bands;
}

/**
 * Newest first, keyset-paged; `search` matches a bandId or uid exactly, or an attendee in part: the email
 * only for a member who may see it, so a VIEWER cannot test whether an address is on file.
 */
export async function listBands(ctx: OrgCtx, input: z.output<typeof schema.BandListInput>) {
  const where: string[] = ['b.org_id = ?'];
  const params: unknown[] = [ctx.org.id];
  if (input.eventId) {
    await assertEvent(ctx, input.eventId);
    where.push('b.event_id = ?');
    params.push(input.eventId);
  }
  if (input.status) {
    where.push('b.status = ?');
    params.push(input.status);
  }
  if (input.search) {
    const like = `%${escapeLike(input.search)}%`;
    const byEmail = attendeesInCloudFor(ctx.org.role) === 'FULL';
    where.push(
      `(b.band_id = ? or b.uid = ? or a.name ilike ? or a.ticket_code ilike ?${byEmail ? ' or a.email ilike ?' : ''})`,
    );
    params.push(input.search, input.search.replace(/[\s:]/g, '').toUpperCase(), like, like);
    if (byEmail) params.push(like);
  }
  const after = decodeCursor(input.cursor);
  if (after) {
    where.push('(b.created_at, b.id) < (?::timestamptz, ?)');
    params.push(after.at, after.id);
  }
  params.push(input.limit + 1);
  const rows = await ctx.em
    .getConnection()
    .execute<BandRow[]>(
      `${BAND_SELECT} where ${where.join(' and ')} order by b.created_at desc, b.id desc limit ?`,
      params,
    );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((row) => bandView(row, ctx.org.role)),
    nextCursor: more && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

/** Links a band to a known person, or unlinks it (`attendee: null`). */
export async function setAttendee(ctx: OrgCtx, input: z.output<typeof schema.BandSetAttendeeInput>) {
  const band = await bandOrFail(ctx, input.bandId);
  const existing = await ctx.em.findOne(BandAttendee, { band: band.id });
  const before = existing ? { name: existing.name, email: existing.email, ticketCode: existing.ticketCode } : null;
  const next = input.attendee && hasAttendee(input.attendee) ? input.attendee : null;
  if (!next) {
    if (existing) ctx.em.remove(existing);
  } else if (existing) {
    existing.name = next.name ?? null;
    existing.email = next.email ?? null;
    existing.ticketCode = next.ticketCode ?? null;
  } else {
    ctx.em.create(BandAttendee, {
      org: ctx.org.id,
      band: band.id,
      name: next.name ?? null,
      email: next.email ?? null,
      ticketCode: next.ticketCode ?? null,
    });
  }
  audit(ctx, { action: 'band.setAttendee', entity: 'band', entityId: band.bandId, before, after: next });
  await ctx.em.flush();
  return viewOrFail(ctx, band.bandId);
}

/** The organization a band belongs to, null when no band has the id (sync mutations name bands by it alone). */
export async function bandOrgOf(em: EntityManager, bandId: string): Promise<string | null> {
  const rows = await exec<{ org_id: string }>(em, 'select org_id from bands where band_id = ?', [bandId]);
  return rows[0]?.org_id ?? null;
}

/**
 * A desk's offline change of a band's attendee: the fields it names over the cloud's, last writer wins per
 * field (`mergeAttendee`), so replaying it changes nothing more.
 */
export async function patchAttendee(ctx: OrgCtx, args: BandSetAttendeeArgs) {
  const band = await bandOrFail(ctx, args.bandId);
  const existing = await ctx.em.findOne(BandAttendee, { band: band.id });
  const current = existing && {
    name: existing.name ?? null,
    email: existing.email ?? null,
    ticketCode: existing.ticketCode ?? null,
  };
  return setAttendee(ctx, { orgId: ctx.org.id, bandId: args.bandId, attendee: mergeAttendee(current, args.attendee) });
}

/**
 * Imports bands from CSV into an event, all or nothing: with any bad row nothing is written and every
 * row's problem comes back (`row` = CSV line, the header is line 1).
 */
export async function importBandCsv(ctx: OrgCtx, input: z.output<typeof schema.BandImportInput>) {
  await assertEvent(ctx, input.eventId);
  const parsed = parseBandCsv(input.csv);
  const dbErrors = await checkBands(ctx.em, ctx.org.id, parsed.drafts);
  // Rows the registry refuses are counted from the first draft: the file's lines name them.
  const atLine = (e: RowError): RowError => ({
    ...e,
    row: parsed.lines[e.row]!,
    ...(e.repeats === undefined ? {} : { repeats: parsed.lines[e.repeats]! }),
  });
  const errors = [...parsed.errors, ...dbErrors.map(atLine)].sort((a, b) => a.row - b.row);
  if (errors.length || parsed.drafts.length === 0) {
    return { imported: 0, bandIds: [] as string[], errors };
  }
  const bands = createBands(
    ctx.em,
    { orgId: ctx.org.id, eventId: input.eventId, userId: ctx.session.userId, now: ctx.now() },
    parsed.drafts,
  );
  const bandIds = bands.map((b) => b.bandId);
  audit(ctx, {
    action: 'band.import',
    entity: 'event',
    entityId: input.eventId,
    after: { imported: bands.length, bandIds },
  });
  await ctx.em.flush();
  return { imported: bands.length, bandIds, errors };
}

/** Every band of an event as CSV (with each band's tap URL under `hubBaseUrl`). */
export async function exportBandCsv(ctx: OrgCtx, input: z.output<typeof schema.BandExportInput>, hubBaseUrl: string) {
  await assertEvent(ctx, input.eventId);
  const rows = await ctx.em
    .getConnection()
    .execute<BandRow[]>(`${BAND_SELECT} where b.org_id = ? and b.event_id = ? order by b.created_at, b.id`, [
      ctx.org.id,
      input.eventId,
    ]);
  return {
    filename: `bands-${input.eventId}.csv`,
    csv: bandsToCsv(
      rows.map((row) => bandView(row, ctx.org.role)),
      hubBaseUrl,
    ),
  };
}
