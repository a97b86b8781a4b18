import { defineEntity, p } from '@mikro-orm/core';

/** A local mutation not yet processed by the cloud. Only a push result or a pull removes it. */
export const OutboxMutationSchema = defineEntity({
  name: 'OutboxMutation',
  tableName: 'outbox',
  properties: {
    mutationId: p.integer().primary().autoincrement(false),
    name: p.string(),
    args: p.text(),
    createdAt: p.string(),
  },
});
export class OutboxMutation extends OutboxMutationSchema.class {}
OutboxMutationSchema.setClass(OutboxMutation);
