import { defineEntity, p } from '@mikro-orm/core';

/** A mutation the cloud rejected, kept with its reason so the UI can tell the user what was undone. */
export const SyncRejectionSchema = defineEntity({
  name: 'SyncRejection',
  tableName: 'sync_rejection',
  properties: {
    id: p.integer().primary(),
    /** Mutation ids restart for a new client id, so a rejection is keyed by its own id. */
    clientId: p.string(),
    mutationId: p.integer(),
    name: p.string(),
    args: p.text(),
    code: p.string(),
    message: p.string(),
    rejectedAt: p.string(),
    dismissed: p.boolean().default(false),
  },
});
export class SyncRejection extends SyncRejectionSchema.class {}
SyncRejectionSchema.setClass(SyncRejection);
