import { z } from 'zod';
import { HttpUrl, Id, Instant, OrgScoped, WindowKind } from './common.schema.ts';

export const WindowCreateInput = OrgScoped.extend({
  id: Id.optional(),
  eventId: Id,
  kind: WindowKind,
  url: HttpUrl,
  startsAt: Instant,
  endsAt: Instant,
}).refine((w) => w.startsAt.getTime() < w.endsAt.getTime(), {
  message: 'a window must end after it starts',
  path: ['endsAt'],
});
export const WindowUpdateInput = OrgScoped.extend({
  windowId: Id,
  kind: WindowKind.optional(),
  url: HttpUrl.optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
});
export const WindowListInput = OrgScoped.extend({ eventId: Id });
export const WindowDeleteInput = OrgScoped.extend({ windowId: Id });

/** An event's windows saved as one change; the resulting set is checked as a whole (see WindowsSaveArgs). */
export const WindowSaveInput = OrgScoped.extend({
  eventId: Id,
  put: z
    .array(
      z
        .object({ id: Id, kind: WindowKind, url: HttpUrl, startsAt: Instant, endsAt: Instant })
        .refine((w) => w.startsAt.getTime() < w.endsAt.getTime(), {
          message: 'a window must end after it starts',
          path: ['endsAt'],
        }),
    )
    .max(50),
  remove: z.array(Id).max(50),
}).refine(
  (input) => new Set([...input.put.map((w) => w.id), ...input.remove]).size === input.put.length + input.remove.length,
  {
    message: 'a window is named twice',
  },
);
