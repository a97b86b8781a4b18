import { z } from 'zod';
import { CleanText, HttpUrl, Id, OrgScoped, Paging, Timezone, WindowKind } from './common.schema.ts';

const MAX_SHIFT_MS = 10 * 366 * 24 * 60 * 60 * 1000;

export const EventStatus = z.enum(['ACTIVE', 'DISABLED']);

export const EventCreateInput = OrgScoped.extend({
  /** Optional client-chosen id (offline creation); minted by the server otherwise. */
  id: Id.optional(),
  name: CleanText.trim().min(1).max(200),
  timezone: Timezone,
  fallbackUrl: HttpUrl,
  status: EventStatus.default('ACTIVE'),
  overrideMode: WindowKind.nullable().default(null),
});
export const EventUpdateInput = OrgScoped.extend({
  eventId: Id,
  name: CleanText.trim().min(1).max(200).optional(),
  timezone: Timezone.optional(),
  fallbackUrl: HttpUrl.optional(),
  status: EventStatus.optional(),
  overrideMode: WindowKind.nullable().optional(),
});
export const EventGetInput = OrgScoped.extend({ eventId: Id });
export const EventListInput = OrgScoped.extend(Paging.shape).extend({
  search: CleanText.trim().max(200).optional(),
});
export const EventDeleteInput = OrgScoped.extend({
  eventId: Id,
  /** Delete the event's bands (and their history) too. Without it an event with bands is refused. */
  force: z.boolean().default(false),
  /**
   * The band count the person confirmed: the delete goes ahead only when the event has exactly that many,
   * checked in the delete's own transaction (EVENT_HAS_BANDS otherwise), and implies `force`.
   */
  expectBands: z.number().int().min(0).optional(),
});
export const EventDuplicateInput = OrgScoped.extend({
  eventId: Id,
  name: CleanText.trim().min(1).max(200).optional(),
  /**
   * Moves every copied window by this many milliseconds (e.g. next year's edition), at most 10 years either
   * way: every shifted instant stays a valid date.
   */
  shiftMs: z.number().int().min(-MAX_SHIFT_MS).max(MAX_SHIFT_MS).default(0),
});
