import { randomUUID } from 'node:crypto';
import { DomainError } from '@sparkmotion/shared/errors';
import {
  EventCreateInput,
  EventDeleteInput,
  EventDuplicateInput,
  EventGetInput,
  EventListInput,
  EventUpdateInput,
} from '@sparkmotion/shared/schemas/events.schema';
import { recordAudit } from '../audit/audit.ts';
import { Band } from '../bands/band.entity.ts';
import { afterKey, decodeCursor, toPage } from '../db/paging.ts';
import { orgProcedure, router } from '../trpc/init.ts';
import { Event } from './event.entity.ts';
import { eventView, windowView } from './event.view.ts';
import { EventWindow } from './event-window.entity.ts';

export const eventsRouter = router({
  create: orgProcedure('EDITOR')
    .input(EventCreateInput)
    .mutation(async ({ ctx, input }) => {
      const event = ctx.em.create(Event, {
        id: input.id ?? randomUUID(),
        org: ctx.org.id,
        name: input.name,
        timezone: input.timezone,
        fallbackUrl: input.fallbackUrl,
        status: input.status,
        overrideMode: input.overrideMode,
      });
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'event.create',
        entity: 'event',
        entityId: event.id,
        after: eventView(event),
      });
      await ctx.em.flush();
      return eventView(event);
    }),

  get: orgProcedure('VIEWER')
    .input(EventGetInput)
    .query(async ({ ctx, input }) => {
      const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
      const windows = await ctx.em.find(EventWindow, { event: event.id }, { orderBy: { startsAt: 'asc' } });
      const bandCount = await ctx.em.count(Band, { event: event.id });
      return { ...eventView(event), windows: windows.map(windowView), bandCount };
    }),

  /** Newest first, keyset-paged. */
  list: orgProcedure('VIEWER')
    .input(EventListInput)
    .query(async ({ ctx, input }) => {
      const after = decodeCursor(input.cursor);
      const events = await ctx.em.find(
        Event,
        {
          org: ctx.org.id,
          ...(input.search ? { name: { $ilike: `%${escapeLike(input.search)}%` } } : {}),
          ...afterKey(after),
        },
        { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: input.limit + 1 },
      );
      return toPage(events, input.limit, eventView);
    }),

  update: orgProcedure('EDITOR')
    .input(EventUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
      const before = eventView(event);
      const { orgId: _orgId, eventId: _eventId, ...patch } = input;
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) Object.assign(event, { [key]: value });
      }
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'event.update',
        entity: 'event',
        entityId: event.id,
        before,
        after: eventView(event),
      });
      await ctx.em.flush();
      return eventView(event);
    }),

  /** Refused with EVENT_HAS_BANDS while the event has bands, unless `force` (which deletes them too). */
  delete: orgProcedure('EDITOR')
    .input(EventDeleteInput)
    .mutation(async ({ ctx, input }) => {
      const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
      const bandCount = await ctx.em.count(Band, { event: event.id });
      if (bandCount > 0 && !input.force) {
        throw new DomainError('EVENT_HAS_BANDS', `The event has ${bandCount} bands; pass force to delete them too`, {
          bandCount,
        });
      }
      const before = eventView(event);
      await ctx.em.transactional(async (em) => {
        await em.nativeDelete(Band, { event: event.id });
        await em.nativeDelete(EventWindow, { event: event.id });
        await em.nativeDelete(Event, { id: event.id });
        recordAudit(em, {
          orgId: ctx.org.id,
          actorId: ctx.session.userId,
          action: 'event.delete',
          entity: 'event',
          entityId: event.id,
          before: { ...before, bandCount },
        });
      });
      return { deleted: true as const, bandsDeleted: bandCount };
    }),

  /** Copies an event with its windows (not its bands), optionally shifted in time. */
  duplicate: orgProcedure('EDITOR')
    .input(EventDuplicateInput)
    .mutation(async ({ ctx, input }) => {
      const source = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
      const windows = await ctx.em.find(EventWindow, { event: source.id });
      const copy = ctx.em.create(Event, {
        org: ctx.org.id,
        name: input.name ?? `${source.name} (copy)`,
        timezone: source.timezone,
        fallbackUrl: source.fallbackUrl,
        status: source.status,
        overrideMode: source.overrideMode ?? null,
      });
      const copies = windows.map((w) =>
        ctx.em.create(EventWindow, {
          org: ctx.org.id,
          event: copy.id,
          kind: w.kind,
          url: w.url,
          startsAt: new Date(w.startsAt.getTime() + input.shiftMs),
          endsAt: new Date(w.endsAt.getTime() + input.shiftMs),
        }),
      );
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'event.duplicate',
        entity: 'event',
        entityId: copy.id,
        before: { sourceEventId: source.id },
        after: { ...eventView(copy), windows: copies.map(windowView) },
      });
      await ctx.em.flush();
      return { ...eventView(copy), windows: copies.map(windowView) };
    }),
});

export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
