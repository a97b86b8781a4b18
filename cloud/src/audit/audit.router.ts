import { AuditListInput } from '@sparkmotion/shared/schemas/audit.schema';
import { decodeCursor } from '../db/cursor.ts';
import { afterKey, toPage } from '../db/paging.ts';
import { orgProcedure, router } from '../trpc/init.ts';
import { AuditLog } from './audit-log.entity.ts';

const auditView = (entry: AuditLog) => ({
  id: entry.id,
  actorId: entry.actor ?? null,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId,
  before: entry.before ?? null,
  after: entry.after ?? null,
  createdAt: entry.createdAt.toISOString(),
});

export const auditRouter = router({
  /** The organization's audit log, newest first (OWNER only). */
  list: orgProcedure('OWNER')
    .input(AuditListInput)
    .query(async ({ ctx, input }) => {
      const after = decodeCursor(input.cursor);
      const entries = await ctx.em.find(
        AuditLog,
        {
          org: ctx.org.id,
          ...(input.entity ? { entity: input.entity } : {}),
          ...(input.entityId ? { entityId: input.entityId } : {}),
          ...(input.actorId ? { actor: input.actorId } : {}),
          ...afterKey(after),
        },
        { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: input.limit + 1 },
      );
      return toPage(entries, input.limit, auditView);
    }),
});
