import type { Event } from './event.entity.ts';
import type { EventWindow } from './event-window.entity.ts';

/** What the API shows of an event: an explicit selection, dates as ISO strings. */
export const eventView = (e: Event) => ({
  id: e.id,
  orgId: e.org,
  name: e.name,
  timezone: e.timezone,
  status: e.status,
  overrideMode: e.overrideMode ?? null,
  fallbackUrl: e.fallbackUrl,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
export type EventView = ReturnType<typeof eventView>;

export const windowView = (w: EventWindow) => ({
  id: w.id,
  eventId: w.event,
  kind: w.kind,
  url: w.url,
  startsAt: w.startsAt.toISOString(),
  endsAt: w.endsAt.toISOString(),
});
export type WindowView = ReturnType<typeof windowView>;
