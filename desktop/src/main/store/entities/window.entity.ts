import { defineEntity, p } from '@mikro-orm/core';

/** Replica of a PRE/LIVE/POST window; times are ISO-8601 strings, as on the wire. */
export const WindowSchema = defineEntity({
  name: 'LocalWindow',
  tableName: 'event_window',
  properties: {
    id: p.string().primary(),
    eventId: p.string().index(),
    kind: p.string(),
    url: p.string(),
    startsAt: p.string(),
    endsAt: p.string(),
  },
});
export class LocalWindow extends WindowSchema.class {}
WindowSchema.setClass(LocalWindow);
