import { defineEntity, p } from '@mikro-orm/core';
import { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { User } from '../auth/user.entity.ts';
import { idColumn } from '../db/columns.ts';
import { Organization } from './organization.entity.ts';

/** An OWNER's invitation of an email address to an organization; the token travels out of band. */
export const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk(),
    email: p.string(),
    role: p.enum(OrgRole.options),
    tokenHash: p.string().unique(),
    invitedBy: () => p.manyToOne(User).mapToPk(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

export class Invitation extends InvitationSchema.class {}
InvitationSchema.setClass(Invitation);
