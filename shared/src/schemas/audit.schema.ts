import { z } from 'zod';
import { CleanText, OrgScoped, Paging } from './common.schema.ts';

export const AuditListInput = OrgScoped.extend(Paging.shape).extend({
  entity: CleanText.max(64).optional(),
  entityId: CleanText.max(64).optional(),
  /** Only what this person did. */
  actorId: z.uuid().optional(),
});
