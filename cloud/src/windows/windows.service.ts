/** The rules of an event's windows (they never overlap): what the windows router and the sync handlers apply. */
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertValidWindows } from '@sparkmotion/shared/modes/window-overlap';
import type * as schema from '@sparkmotion/shared/schemas/windows.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { idInUse } from '../db/client-chosen-id.ts';
import { exec } from '../db/sql.ts';
import { Event } from '../events/event.entity.ts';
import { windowView } from '../events/event.view.ts';
import { EventWindow } from '../events/event-window.entity.ts';

/**
 * Locks the event row for the rest of the transaction, so two concurrent edits of its windows cannot both
 * pass the overlap check.
 */
async function lockEvent(em: EntityManager, orgId: string, eventId: string): Promise<Event> {
  return em.findOneOrFail(Event, { id: eventId, org: orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export async function listWindows(ctx: OrgCtx, input: z.output<typeof schema.WindowListInput>) {
  await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id }, { fields: ['id'] });
  const windows = await ctx.em.find(EventWindow, { event: input.eventId }, { orderBy: { startsAt: 'asc' } });
  return windows.map(windowView);
}

/**
 * Refused with WINDOW_OVERLAP when it overlaps another window of the event. A client-chosen id already in use
 * is refused (`idInUse`), unless this is the very same create again (a sync replay): then it answers the window.
 */
export function createWindow(ctx: OrgCtx, input: z.output<typeof schema.WindowCreateInput>) {
  return ctx.em.transactional(async (em) => {
    const event = await lockEvent(em, ctx.org.id, input.eventId);
    const holder = input.id ? await em.findOne(EventWindow, { id: input.id }) : null;
    if (holder) {
      if (holder.event === event.id && isSameWindow(holder, input)) return windowView(holder);
      throw idInUse();
    }
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
    audit(
      { ...ctx, em },
      { action: 'window.create', entity: 'window', entityId: window.id, after: windowView(window) },
    );
    await em.flush();
    return windowView(window);
  });
}

const isSameWindow = (w: EventWindow, input: z.output<typeof schema.WindowCreateInput>) =>
  w.kind === input.kind &&
  w.url === input.url &&
  w.startsAt.getTime() === input.startsAt.getTime() &&
  w.endsAt.getTime() === input.endsAt.getTime();

export function updateWindow(ctx: OrgCtx, input: z.output<typeof schema.WindowUpdateInput>) {
  return ctx.em.transactional(async (em) => {
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
    const after = windowView(window);
    audit({ ...ctx, em }, { action: 'window.update', entity: 'window', entityId: window.id, before, after });
    await em.flush();
    return windowView(window);
  });
}

export async function deleteWindow(ctx: OrgCtx, input: z.output<typeof schema.WindowDeleteInput>) {
  const window = await ctx.em.findOneOrFail(EventWindow, { id: input.windowId, org: ctx.org.id });
  audit(ctx, { action: 'window.delete', entity: 'window', entityId: window.id, before: windowView(window) });
  ctx.em.remove(window);
  await ctx.em.flush();
  return { deleted: true as const };
}

/**
 * An event's windows saved as one change: removes, writes (creates or updates), then checks the event's
 * resulting set as a whole, under the event's row lock. So moving a boundary (LIVE's end and POST's start
 * together) never fails on an intermediate state, and two desks saving at once cannot both pass the check.
 * Windows another desk added meanwhile stay and are checked with the rest. Removing a window that is
 * already gone is what the user wanted: not an error, and removing one that is not this event's is the same
 * no-op. A save never moves windows across events: writing an id that another event's window holds (of this
 * organization or another) is refused with `idInUse`, the answer any id in use gets.
 */
export function saveWindows(ctx: OrgCtx, input: z.output<typeof schema.WindowSaveInput>) {
  return ctx.em.transactional(async (em) => {
    const event = await lockEvent(em, ctx.org.id, input.eventId);
    const ids = [...input.put.map((w) => w.id), ...input.remove];
    const named = await em.find(EventWindow, { id: { $in: ids } });
    const elsewhere = new Set(named.filter((w) => w.event !== event.id).map((w) => w.id));
    if (input.put.some((w) => elsewhere.has(w.id))) throw idInUse();
    const current = new Map(named.filter((w) => !elsewhere.has(w.id)).map((w) => [w.id, w]));
    const record = (action: string, entityId: string, before?: object, after?: object) =>
      audit({ ...ctx, em }, { action, entity: 'window', entityId, before, after });

    for (const id of input.remove) {
      const window = current.get(id);
      if (!window) continue;
      record('window.delete', id, windowView(window));
      em.remove(window);
    }
    const written: EventWindow[] = [];
    for (const { id, ...fields } of input.put) {
      const window = current.get(id);
      if (window) {
        const before = windowView(window);
        Object.assign(window, fields);
        record('window.update', id, before, windowView(window));
        written.push(window);
      } else {
        const created = em.create(EventWindow, { id, org: ctx.org.id, event: event.id, ...fields });
        record('window.create', id, undefined, windowView(created));
        written.push(created);
      }
    }
    const untouched = await em.find(EventWindow, { event: event.id, id: { $nin: ids } });
    const result = [...untouched, ...written];
    assertValidWindows(result);
    await em.flush();
    return result.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).map(windowView);
  });
}

/** The organization a window belongs to, or null when there is no such window. */
export async function windowOrgOf(em: EntityManager, windowId: string): Promise<string | null> {
  const rows = await exec<{ org_id: string }>(em, 'select org_id from event_windows where id = ?', [windowId]);
  return rows[0]?.org_id ?? null;
}
