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
