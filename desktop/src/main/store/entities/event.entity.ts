import { defineEntity, p } from '@mikro-orm/core';

/** Replica of an event (its settings as the local UI sees them: server state plus pending mutations). */
export const EventSchema = defineEntity({
  name: 'LocalEvent',
  tableName: 'event',
  properties: {
    id: p.string().primary(),
    orgId: p.string().index(),
    name: p.string(),
    timezone: p.string(),
    fallbackUrl: p.string(),
    overrideMode: p.string().nullable(),
  },
});
export class LocalEvent extends EventSchema.class {}
EventSchema.setClass(LocalEvent);
