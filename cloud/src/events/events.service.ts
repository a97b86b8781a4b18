/** The rules of events: what the events router and the sync handlers both apply. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import type * as schema from '@sparkmotion/shared/schemas/events.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { Band } from '../bands/band.entity.ts';
import { idInUse } from '../db/client-chosen-id.ts';
import { decodeCursor } from '../db/cursor.ts';
import { afterKey, toPage } from '../db/paging.ts';
import { escapeLike, exec } from '../db/sql.ts';
import { Event } from './event.entity.ts';
import { eventView, windowView } from './event.view.ts';
import { EventWindow } from './event-window.entity.ts';

/** A client-chosen id already in use is refused (`idInUse`), unless this is the very same create again. */
export async function createEvent(ctx: OrgCtx, input: z.output<typeof schema.EventCreateInput>) {
  const holder = input.id ? await ctx.em.findOne(Event, { id: input.id }) : null;
  if (holder) {
    if (holder.org === ctx.org.id && isSameEvent(holder, input)) return eventView(holder);
    throw idInUse();
  }
  const event = ctx.em.create(Event, {
    id: input.id ?? randomUUID(),
    org: ctx.org.id,
    name: input.name,
    timezone: input.timezone,
    fallbackUrl: input.fallbackUrl,
    status: input.status,
    overrideMode: input.overrideMode,
  });
  audit(ctx, { action: 'event.create', entity: 'event', entityId: event.id, after: eventView(event) });
  await ctx.em.flush();
  return eventView(event);
}

const isSameEvent = (e: Event, input: z.output<typeof schema.EventCreateInput>) =>
  e.name === input.name &&
  e.timezone === input.timezone &&
  e.fallbackUrl === input.fallbackUrl &&
  e.status === input.status &&
  (e.overrideMode ?? null) === input.overrideMode;

export async function getEvent(ctx: OrgCtx, input: z.output<typeof schema.EventGetInput>) {
  const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
  const windows = await ctx.em.find(EventWindow, { event: event.id }, { orderBy: { startsAt: 'asc' } });
  const bandCount = await ctx.em.count(Band, { event: event.id });
  return { ...eventView(event), windows: windows.map(windowView), bandCount };
}

/** Newest first, keyset-paged. */
export async function listEvents(ctx: OrgCtx, input: z.output<typeof schema.EventListInput>) {
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
}

export async function updateEvent(ctx: OrgCtx, input: z.output<typeof schema.EventUpdateInput>) {
  const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
  const before = eventView(event);
  const { orgId: _orgId, eventId: _eventId, ...patch } = input;
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(event, { [key]: value });
  }
  audit(ctx, { action: 'event.update', entity: 'event', entityId: event.id, before, after: eventView(event) });
  await ctx.em.flush();
  return eventView(event);
}

/**
 * Refused with EVENT_HAS_BANDS while the event has bands, unless `force` (which deletes them too), or when it
 * has another number of bands than `expectBands`. The count is taken in the delete's transaction under the
 * lock desk registrations take (`bands:<org>`, desk-registration.service.ts) and the event row's own lock, so
 * no band registered or moved in meanwhile, by a desk or the console, goes without being confirmed.
 */
export async function deleteEvent(ctx: OrgCtx, input: z.output<typeof schema.EventDeleteInput>) {
  const event = await ctx.em.findOneOrFail(Event, { id: input.eventId, org: ctx.org.id });
  const before = eventView(event);
  const bandsDeleted = await ctx.em.transactional(async (em) => {
    await exec(em, 'select pg_advisory_xact_lock(hashtext(?))', [`bands:${ctx.org.id}`]);
    // Paths that take no advisory lock (the console's batch registration, a band moved in) hold the event row's
    // key-share lock until they commit: this waits for them, so they are counted, and later ones then find no event.
    await exec(em, 'select 1 from events where id = ? for update', [event.id]);
    const bandCount = await em.count(Band, { event: event.id });
    refuseUnconfirmedBands(input, bandCount);
    const deleted = await em.nativeDelete(Band, { event: event.id });
    await em.nativeDelete(EventWindow, { event: event.id });
    await em.nativeDelete(Event, { id: event.id });
    audit(
      { ...ctx, em },
      { action: 'event.delete', entity: 'event', entityId: event.id, before: { ...before, bandCount: deleted } },
    );
    return deleted;
  });
  return { deleted: true as const, bandsDeleted };
}

function refuseUnconfirmedBands(input: z.output<typeof schema.EventDeleteInput>, bandCount: number): void {
  if (input.expectBands === undefined ? bandCount === 0 || input.force : bandCount === input.expectBands) return;
  const message =
    input.expectBands === undefined
      ? `The event has ${bandCount} bands; pass force to delete them too`
      : `The event has ${bandCount} bands, not ${input.expectBands}`;
  throw new DomainError('EVENT_HAS_BANDS', message, { bandCount });
}

/** Copies an event with its windows (not its bands), optionally shifted in time. */
export async function duplicateEvent(ctx: OrgCtx, input: z.output<typeof schema.EventDuplicateInput>) {
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
  audit(ctx, {
    action: 'event.duplicate',
    entity: 'event',
    entityId: copy.id,
    before: { sourceEventId: source.id },
    after: { ...eventView(copy), windows: copies.map(windowView) },
  });
  await ctx.em.flush();
  return { ...eventView(copy), windows: copies.map(windowView) };
}

/** The organization an event belongs to, or null when there is no such event. */
export async function eventOrgOf(em: EntityManager, eventId: string): Promise<string | null> {
  const rows = await exec<{ org_id: string }>(em, 'select org_id from events where id = ?', [eventId]);
  return rows[0]?.org_id ?? null;
}
