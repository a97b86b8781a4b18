import { defineEntity, p } from '@mikro-orm/core';
import { DEFAULT_DESK_ATTENDEES, DeskAttendees } from '@sparkmotion/shared/bands/attendee-privacy';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';

export const OrganizationSchema = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    ...idColumn(),
    name: p.string(),
    slug: p.string().unique(),
    branding: p.json<Record<string, unknown>>().default('{}'),
    /** How much of an attendee its desks may hold (shared `attendee-privacy.ts`). */
    deskAttendees: p.enum(DeskAttendees.options).default(DEFAULT_DESK_ATTENDEES),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class Organization extends OrganizationSchema.class {}
OrganizationSchema.setClass(Organization);
