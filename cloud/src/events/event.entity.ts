import { defineEntity, p } from '@mikro-orm/core';
import { WindowKind } from '@sparkmotion/shared/schemas/common.schema';
import { EventStatus } from '@sparkmotion/shared/schemas/events.schema';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';
import { Organization } from '../orgs/organization.entity.ts';

export const EventSchema = defineEntity({
  name: 'Event',
  tableName: 'events',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    name: p.string(),
    /** IANA zone, e.g. `Europe/Berlin`: windows are shown and reasoned about in it. */
    timezone: p.string(),
    status: p.enum(EventStatus.options).default('ACTIVE'),
    /** A manual override of the mode: when set, it serves regardless of the clock. */
    overrideMode: p.enum(WindowKind.options).nullable(),
    fallbackUrl: p.string(),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class Event extends EventSchema.class {}
EventSchema.setClass(Event);
