/**
 * Every mutation writes one audit row (who, when, what, before/after) into the request's unit of work, so
 * the change and its record are flushed in the same transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditLog } from './audit-log.entity.ts';

export interface AuditEntry {
  orgId: string | null;
  actorId: string | null;
  /** `<entity>.<verb>`, e.g. `band.replace`. */
  action: string;
  entity: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

export function recordAudit(em: EntityManager, entry: AuditEntry): void {
  em.create(AuditLog, {
    org: entry.orgId,
    actor: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: toJson(entry.before),
    after: toJson(entry.after),
  });
}

/** Dates to ISO strings, undefined dropped: what jsonb stores and what a reader expects. */
function toJson(value: object | null | undefined): Record<string, unknown> | null {
  if (value == null) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
