import { z } from 'zod';
import { CleanText, OrgScoped, Paging } from './common.schema.ts';

/**
 * What an audit entry is about: one set of names for the cloud's `audit()` and the Audit screen's filter.
 * `user` entries (an account opened, a password changed) belong to no organization's log.
 */
export const AuditEntity = z.enum([
  'organization',
  'event',
  'window',
  'band',
  'member',
  'invitation',
  'secret',
  'user',
]);
export type AuditEntity = z.infer<typeof AuditEntity>;
/** The entities an organization's log holds: what the Audit screen filters by. */
export const ORG_AUDIT_ENTITIES = AuditEntity.options.filter((entity) => entity !== 'user');

export const AuditListInput = OrgScoped.extend(Paging.shape).extend({
  entity: AuditEntity.optional(),
  entityId: CleanText.max(64).optional(),
  /** Only what this person did. */
  actorId: z.uuid().optional(),
});
