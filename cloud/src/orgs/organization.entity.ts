import { defineEntity, p } from '@mikro-orm/core';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';

export const OrganizationSchema = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    ...idColumn(),
    name: p.string(),
    slug: p.string().unique(),
    branding: p.json<Record<string, unknown>>().default('{}'),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class Organization extends OrganizationSchema.class {}
OrganizationSchema.setClass(Organization);
