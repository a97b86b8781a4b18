import { z } from 'zod';
import { HttpUrl, Id, OrgScoped, Paging, Timezone, WindowKind } from './common.schema.ts';

export const EventStatus = z.enum(['ACTIVE', 'DISABLED']);

export const EventCreateInput = OrgScoped.extend({
  /** Optional client-chosen id (offline creation); minted by the server otherwise. */
  id: Id.optional(),
  name: z.string().trim().min(1).max(200),
  timezone: Timezone,
  fallbackUrl: HttpUrl,
  status: EventStatus.default('ACTIVE'),
  overrideMode: WindowKind.nullable().default(null),
});
export const EventUpdateInput = OrgScoped.extend({
  eventId: Id,
  name: z.string().trim().min(1).max(200).optional(),
  timezone: Timezone.optional(),
  fallbackUrl: HttpUrl.optional(),
  status: EventStatus.optional(),
  overrideMode: WindowKind.nullable().optional(),
});
export const EventGetInput = OrgScoped.extend({ eventId: Id });
export const EventListInput = OrgScoped.extend(Paging.shape).extend({
  search: z.string().trim().max(200).optional(),
});
export const EventDeleteInput = OrgScoped.extend({
  eventId: Id,
  /** Delete the event's bands (and their history) too. Without it an event with bands is refused. */
  force: z.boolean().default(false),
});
export const EventDuplicateInput = OrgScoped.extend({
  eventId: Id,
  name: z.string().trim().min(1).max(200).optional(),
  /** Moves every copied window by this many milliseconds (e.g. next year's edition). */
  shiftMs: z.number().int().default(0),
});
