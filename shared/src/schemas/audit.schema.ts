import { z } from 'zod';
import { OrgScoped, Paging } from './common.schema.ts';

export const AuditListInput = OrgScoped.extend(Paging.shape).extend({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  /** Only what this person did. */
  actorId: z.uuid().optional(),
});
