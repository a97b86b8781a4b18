import { defineEntity, p } from '@mikro-orm/core';

/** Key/value sync metadata: clientId, lastMutationId (the counter), cursor, lastSyncAt, userId. */
export const SyncMetaSchema = defineEntity({
  name: 'SyncMeta',
  tableName: 'sync_meta',
  properties: { key: p.string().primary(), value: p.text() },
});
export class SyncMeta extends SyncMetaSchema.class {}
SyncMetaSchema.setClass(SyncMeta);
