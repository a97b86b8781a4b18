import { defineEntity, p } from '@mikro-orm/core';
import { User } from '../auth/user.entity.ts';
import { idColumn } from '../db/columns.ts';
import { Organization } from '../orgs/organization.entity.ts';

/** One change: who, when, what, and the row before and after. Append-only. */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    ...idColumn(),
    org: () => p.manyToOne(Organization).mapToPk().nullable(),
    actor: () => p.manyToOne(User).mapToPk().nullable(),
    action: p.string(),
    entity: p.string(),
    entityId: p.string(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);
