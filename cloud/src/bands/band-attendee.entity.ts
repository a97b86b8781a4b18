import { defineEntity, p } from '@mikro-orm/core';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';
import { Organization } from '../orgs/organization.entity.ts';
import { Band } from './band.entity.ts';

/** The optional link of a band to a known person. At most one per band. */
export const BandAttendeeSchema = defineEntity({
  name: 'BandAttendee',
  tableName: 'band_attendees',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    band: () => p.manyToOne(Band).mapToPk().unique(),
    name: p.string().nullable(),
    email: p.string().nullable(),
    ticketCode: p.string().nullable(),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class BandAttendee extends BandAttendeeSchema.class {}
BandAttendeeSchema.setClass(BandAttendee);
