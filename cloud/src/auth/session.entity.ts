import { defineEntity, p } from '@mikro-orm/core';
import { idColumn } from '../db/columns.ts';
import { User } from './user.entity.ts';

/** A sign-in. The bearer token itself is never stored: only its SHA-256. */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    ...idColumn(),
    user: () => p.manyToOne(User).mapToPk(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});

export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
