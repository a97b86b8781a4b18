import { defineEntity, p } from '@mikro-orm/core';

/** Replica of an organization the signed-in user belongs to, with the user's role in it. */
export const OrganizationSchema = defineEntity({
  name: 'LocalOrganization',
  tableName: 'organization',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    role: p.string(),
    /** What this desk may hold of attendees: FULL, NAME_AND_TICKET or NONE (null: an older cloud said nothing). */
    attendees: p.string().nullable(),
  },
});
export class LocalOrganization extends OrganizationSchema.class {}
OrganizationSchema.setClass(LocalOrganization);
