import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertValidWindows } from '@sparkmotion/shared/modes/window-overlap';
import {
  WindowCreateInput,
  WindowDeleteInput,
  WindowListInput,
  WindowUpdateInput,
} from '@sparkmotion/shared/schemas/windows.schema';
import { recordAudit } from '../audit/audit.ts';
import { Event } from '../events/event.entity.ts';
import { windowView } from '../events/event.view.ts';
import { EventWindow } from '../events/event-window.entity.ts';
import { orgProcedure, router } from '../trpc/init.ts';

/**
 * Locks the event row for the rest of the transaction, so two concurrent edits of its windows cannot both
 * pass the overlap check.
 */
async function lockEvent(em: EntityManager, orgId: string, eventId: string): Promise<Event> {
  return em.findOneOrFail(Event, { id: eventId, org: orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export const windowsRouter = router({
  list: orgProcedure('VIEWER')
    .input(WindowListInput)
    .query(async ({ ctx, input }) => {
      await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id }, { fields: ['id'] });
      const windows = await ctx.em.find(EventWindow, { event: input.eventId }, { orderBy: { startsAt: 'asc' } });
      return windows.map(windowView);
    }),

  /** Refused with WINDOW_OVERLAP when it overlaps another window of the event. */
  create: orgProcedure('EDITOR')
    .input(WindowCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.em.transactional(async (em) => {
        const event = await lockEvent(em, ctx.org.id, input.eventId);
        const existing = await em.find(EventWindow, { event: event.id });
        const window = em.create(EventWindow, {
          id: input.id ?? randomUUID(),
          org: ctx.org.id,
          event: event.id,
          kind: input.kind,
          url: input.url,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
        });
        assertValidWindows([...existing, window]);
        recordAudit(em, {
          orgId: ctx.org.id,
          actorId: ctx.session.userId,
          action: 'window.create',
          entity: 'window',
          entityId: window.id,
          after: windowView(window),
        });
        await em.flush();
        return windowView(window);
      }),
    ),

  update: orgProcedure('EDITOR')
    .input(WindowUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.em.transactional(async (em) => {
        const found = await em.findOneOrFail(EventWindow, { id: input.windowId, org: ctx.org.id });
        await lockEvent(em, ctx.org.id, found.event);
        const window = await em.refreshOrFail(found);
        const before = windowView(window);
        if (input.kind !== undefined) window.kind = input.kind;
        if (input.url !== undefined) window.url = input.url;
        if (input.startsAt !== undefined) window.startsAt = input.startsAt;
        if (input.endsAt !== undefined) window.endsAt = input.endsAt;
        const siblings = await em.find(EventWindow, { event: window.event, id: { $ne: window.id } });
        assertValidWindows([...siblings, window]);
        recordAudit(em, {
          orgId: ctx.org.id,
          actorId: ctx.session.userId,
          action: 'window.update',
          entity: 'window',
          entityId: window.id,
          before,
          after: windowView(window),
        });
        await em.flush();
        return windowView(window);
      }),
    ),

  delete: orgProcedure('EDITOR')
    .input(WindowDeleteInput)
    .mutation(async ({ ctx, input }) => {
      const window = await ctx.em.findOneOrFail(EventWindow, { id: input.windowId, org: ctx.org.id });
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'window.delete',
        entity: 'window',
        entityId: window.id,
        before: windowView(window),
      });
      ctx.em.remove(window);
      await ctx.em.flush();
      return { deleted: true as const };
    }),
});
