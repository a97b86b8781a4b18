import { DomainError } from '@sparkmotion/shared/errors';
import {
  BandExportInput,
  BandImportInput,
  BandListInput,
  BandRef,
  BandRegisterInput,
  BandRegisterManyInput,
  BandReplaceInput,
  BandSetAttendeeInput,
} from '@sparkmotion/shared/schemas/bands.schema';
import type { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import { recordAudit } from '../audit/audit.ts';
import { decodeCursor, encodeCursor } from '../db/paging.ts';
import { Event } from '../events/event.entity.ts';
import { escapeLike } from '../events/events.router.ts';
import type { Context } from '../trpc/context.ts';
import { orgProcedure, router } from '../trpc/init.ts';
import { Band } from './band.entity.ts';
import { BAND_SELECT, type BandRow, type BandView, bandView, findBandView } from './band.view.ts';
import { BandAttendee } from './band-attendee.entity.ts';
import { bandsToCsv, parseBandCsv } from './band-csv.ts';
import { type BandDraft, checkBands, createBands, hasAttendee, newBandId } from './band-registration.ts';

type OrgCtx = Context & { session: NonNullable<Context['session']>; org: { id: string } };

async function assertEvent(ctx: OrgCtx, eventId: string): Promise<void> {
  await ctx.em.findOneOrFail(Event, { id: eventId, org: ctx.org.id }, { fields: ['id'] });
}

async function bandOrFail(ctx: OrgCtx, bandId: string): Promise<Band> {
  return ctx.em.findOneOrFail(Band, { bandId, org: ctx.org.id });
}

async function viewOrFail(ctx: OrgCtx, bandId: string): Promise<BandView> {
  const view = await findBandView(ctx.em, ctx.org.id, bandId);
  if (!view) throw new DomainError('NOT_FOUND', 'Band not found');
  return view;
}

/** Writes a batch after checking all of it; throws with every row's problem, writes nothing then. */
async function registerBatch(ctx: OrgCtx, eventId: string, drafts: BandDraft[], action: string) {
  const errors = await checkBands(ctx.em, ctx.org.id, drafts);
  if (errors.length) {
    const first = errors[0]!;
    throw new DomainError(first.code, drafts.length === 1 ? first.message : `${errors.length} bands refused`, {
      errors,
    });
  }
  const bands = createBands(ctx.em, { orgId: ctx.org.id, eventId, userId: ctx.session.userId, now: ctx.now() }, drafts);
  for (const band of bands) {
    recordAudit(ctx.em, {
      orgId: ctx.org.id,
      actorId: ctx.session.userId,
      action,
      entity: 'band',
      entityId: band.bandId,
      after: { bandId: band.bandId, uid: band.uid, eventId, stationId: band.stationId },
    });
  }
  await ctx.em.flush();
  return bands;
}

async function setStatus(ctx: OrgCtx, bandId: string, status: BandStatus, from: readonly BandStatus[]) {
  const band = await bandOrFail(ctx, bandId);
  if (!from.includes(band.status)) {
    throw new DomainError('BAND_NOT_ACTIVE', `A ${band.status} band cannot become ${status}`);
  }
  const before = band.status;
  band.status = status;
  recordAudit(ctx.em, {
    orgId: ctx.org.id,
    actorId: ctx.session.userId,
    action: `band.${status.toLowerCase()}`,
    entity: 'band',
    entityId: band.bandId,
    before: { status: before },
    after: { status },
  });
  await ctx.em.flush();
  return viewOrFail(ctx, bandId);
}

export const bandsRouter = router({
  /** Registers one band. `bandId` is minted when absent; BAND_ALREADY_REGISTERED for a taken bandId or uid. */
  register: orgProcedure('EDITOR')
    .input(BandRegisterInput)
    .mutation(async ({ ctx, input }) => {
      await assertEvent(ctx, input.eventId);
      const [band] = await registerBatch(ctx, input.eventId, [input], 'band.register');
      return viewOrFail(ctx, band!.bandId);
    }),

  /** Registers a batch, all or nothing; a refusal lists every row's problem in `details.errors`. */
  registerMany: orgProcedure('EDITOR')
    .input(BandRegisterManyInput)
    .mutation(async ({ ctx, input }) => {
      await assertEvent(ctx, input.eventId);
      const bands = await registerBatch(ctx, input.eventId, input.bands, 'band.register');
      return { registered: bands.length, bandIds: bands.map((b) => b.bandId) };
    }),

  get: orgProcedure('VIEWER')
    .input(BandRef)
    .query(({ ctx, input }) => viewOrFail(ctx, input.bandId)),

  /** Newest first, keyset-paged; `search` matches a bandId or uid exactly, or an attendee in part. */
  list: orgProcedure('VIEWER')
    .input(BandListInput)
    .query(async ({ ctx, input }) => {
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
        where.push('(b.band_id = ? or b.uid = ? or a.name ilike ? or a.email ilike ? or a.ticket_code ilike ?)');
        params.push(input.search, input.search.replace(/[\s:]/g, '').toUpperCase(), like, like, like);
      }
      const after = decodeCursor(input.cursor);
      if (after) {
        where.push('(b.created_at, b.id) < (?, ?)');
        params.push(after.createdAt, after.id);
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
        items: page.map(bandView),
        nextCursor: more && last ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
      };
    }),

  disable: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setStatus(ctx, input.bandId, 'DISABLED', ['ACTIVE'])),

  enable: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setStatus(ctx, input.bandId, 'ACTIVE', ['DISABLED'])),

  markLost: orgProcedure('EDITOR')
    .input(BandRef)
    .mutation(({ ctx, input }) => setStatus(ctx, input.bandId, 'LOST', ['ACTIVE', 'DISABLED'])),

  /**
   * Replaces a lost (or still active) band with a new one in the same event: the old band becomes LOST and
   * points to the new one, which takes over the attendee link. The old band keeps its taps and history.
   */
  replace: orgProcedure('EDITOR')
    .input(BandReplaceInput)
    .mutation(async ({ ctx, input }) => {
      const old = await bandOrFail(ctx, input.bandId);
      if (old.replacedBy) throw new DomainError('CONFLICT', 'This band was replaced already');
      const draft: BandDraft = { bandId: input.newBandId ?? newBandId(), uid: input.newUid ?? null };
      if (input.stationId) draft.stationId = input.stationId;
      const errors = await checkBands(ctx.em, ctx.org.id, [draft], [old.id]);
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
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
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
      return { lost: await viewOrFail(ctx, old.bandId), replacement: await viewOrFail(ctx, replacement!.bandId) };
    }),

  /** Links a band to a known person, or unlinks it (`attendee: null`). */
  setAttendee: orgProcedure('EDITOR')
    .input(BandSetAttendeeInput)
    .mutation(async ({ ctx, input }) => {
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
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'band.setAttendee',
        entity: 'band',
        entityId: band.bandId,
        before,
        after: next,
      });
      await ctx.em.flush();
      return viewOrFail(ctx, band.bandId);
    }),

  /**
   * Imports bands from CSV into an event, all or nothing: with any bad row nothing is written and every
   * row's problem comes back (`row` = CSV line, the header is line 1).
   */
  importCsv: orgProcedure('EDITOR')
    .input(BandImportInput)
    .mutation(async ({ ctx, input }) => {
      await assertEvent(ctx, input.eventId);
      const parsed = parseBandCsv(input.csv);
      const dbErrors = await checkBands(ctx.em, ctx.org.id, parsed.drafts);
      const errors = [...parsed.errors, ...dbErrors.map((e) => ({ ...e, row: parsed.lines[e.row]! }))].sort(
        (a, b) => a.row - b.row,
      );
      if (errors.length || parsed.drafts.length === 0) {
        return { imported: 0, bandIds: [] as string[], errors };
      }
      const bands = createBands(
        ctx.em,
        { orgId: ctx.org.id, eventId: input.eventId, userId: ctx.session.userId, now: ctx.now() },
        parsed.drafts,
      );
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'band.import',
        entity: 'event',
        entityId: input.eventId,
        after: { imported: bands.length, bandIds: bands.map((b) => b.bandId) },
      });
      await ctx.em.flush();
      return { imported: bands.length, bandIds: bands.map((b) => b.bandId), errors };
    }),

  /** Every band of an event as CSV (with each band's tap URL). */
  exportCsv: orgProcedure('VIEWER')
    .input(BandExportInput)
    .query(async ({ ctx, input }) => {
      await assertEvent(ctx, input.eventId);
      const rows = await ctx.em
        .getConnection()
        .execute<BandRow[]>(`${BAND_SELECT} where b.org_id = ? and b.event_id = ? order by b.created_at, b.id`, [
          ctx.org.id,
          input.eventId,
        ]);
      return {
        filename: `bands-${input.eventId}.csv`,
        csv: bandsToCsv(rows.map(bandView), ctx.deps.config.hubBaseUrl),
      };
    }),
});
