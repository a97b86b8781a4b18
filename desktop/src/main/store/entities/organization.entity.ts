import { defineEntity, p } from '@mikro-orm/core';

/** Replica of an organization the signed-in user belongs to, with the user's role in it. */
export const OrganizationSchema = defineEntity({
  name: 'LocalOrganization',
  tableName: 'organization',
  properties: { id: p.string().primary(), name: p.string(), role: p.string() },
});
export class LocalOrganization extends OrganizationSchema.class {}
OrganizationSchema.setClass(LocalOrganization);
