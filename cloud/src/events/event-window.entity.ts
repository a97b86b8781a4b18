import { defineEntity, p } from '@mikro-orm/core';
import { WindowKind } from '@sparkmotion/shared/schemas/common.schema';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';
import { Organization } from '../orgs/organization.entity.ts';
import { Event } from './event.entity.ts';

/** A time range of an event during which one URL serves. Windows of one event never overlap. */
export const EventWindowSchema = defineEntity({
  name: 'EventWindow',
  tableName: 'event_windows',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    event: () => p.manyToOne(Event).mapToPk(),
    kind: p.enum(WindowKind.options),
    url: p.string(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class EventWindow extends EventWindowSchema.class {}
EventWindowSchema.setClass(EventWindow);
