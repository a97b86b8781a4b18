/**
 * Every mutation writes one audit row (who, when, what, before/after) into the caller's unit of work, so
 * the change and its record are flushed in the same transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntity } from '@sparkmotion/shared/schemas/audit.schema';
import { AuditLog } from './audit-log.entity.ts';

/** Who acts (null: nobody signed in), in which organization (none: an account change), in which unit of work. */
export interface AuditCtx {
  em: EntityManager;
  session: { userId: string } | null;
  org?: { id: string } | undefined;
}

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `band.replace`. */
  action: string;
  entity: AuditEntity;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

export function audit(ctx: AuditCtx, entry: AuditEntry): void {
  ctx.em.create(AuditLog, {
    org: ctx.org?.id ?? null,
    actor: ctx.session?.userId ?? null,
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
