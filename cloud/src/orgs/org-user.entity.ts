import { defineEntity, p } from '@mikro-orm/core';
import { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { User } from '../auth/user.entity.ts';
import { idColumn, timestampColumns, versionColumn } from '../db/columns.ts';
import { Organization } from './organization.entity.ts';

/** Membership of a user in an organization, with the member's role there. */
export const OrgUserSchema = defineEntity({
  name: 'OrgUser',
  tableName: 'org_members',
  uniques: [{ properties: ['org', 'user'] }],
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    user: () => p.manyToOne(User).mapToPk(),
    role: p.enum(OrgRole.options),
    ...timestampColumns(),
    ...versionColumn(),
  },
});

export class OrgUser extends OrgUserSchema.class {}
OrgUserSchema.setClass(OrgUser);
