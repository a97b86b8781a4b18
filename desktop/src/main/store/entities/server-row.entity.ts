import { defineEntity, p } from '@mikro-orm/core';

/**
 * The last server state of every replicated row (`entity:id` → JSON), kept apart from the view
 * tables so a rebase or a rejected mutation can put a row back exactly as the server has it.
 */
export const ServerRowSchema = defineEntity({
  name: 'ServerRow',
  tableName: 'server_row',
  properties: { key: p.string().primary(), data: p.text(), version: p.string() },
});
export class ServerRow extends ServerRowSchema.class {}
ServerRowSchema.setClass(ServerRow);
