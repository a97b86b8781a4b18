import { defineEntity, p } from '@mikro-orm/core';
import { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import { User } from '../auth/user.entity.ts';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';
import { Event } from '../events/event.entity.ts';
import { Organization } from '../orgs/organization.entity.ts';

/**
 * A wristband. `bandId` is the public id its tag's URL carries (see `@sparkmotion/shared/bands/band-id`);
 * `uid` is the tag's hardware UID, recorded at encoding. A LOST band points to the band that replaced it.
 */
export const BandSchema = defineEntity({
  name: 'Band',
  tableName: 'bands',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    event: () => p.manyToOne(Event).mapToPk(),
    bandId: p.string().unique(),
    uid: p.string().nullable(),
    status: p.enum(BandStatus.options).default('ACTIVE'),
    registeredAt: p.datetime(),
    registeredBy: () => p.manyToOne(User).mapToPk().nullable(),
    /** The desk station that encoded it, when it came from the desktop. */
    stationId: p.string().nullable(),
    /** How it proves its taps: NONE, NTAG21X_MIRROR or NTAG424_SUN (docs/tap-trust.md). */
    trust: p.string().default('NONE'),
    /** The version of the organization's secret its tag was written with (null: 1). */
    secretVersion: p.integer().nullable(),
    replacedBy: () => p.manyToOne(Band).mapToPk().nullable(),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class Band extends BandSchema.class {}
BandSchema.setClass(Band);
