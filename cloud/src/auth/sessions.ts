import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from './session.entity.ts';
import { hashToken, newToken } from './tokens.ts';

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

/** Adds a session for the user to the unit of work; the caller flushes. Returns the only copy of the token. */
export function issueSession(em: EntityManager, userId: string, now: Date, ttlMs: number): IssuedSession {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlMs);
  em.create(Session, { user: userId, tokenHash: hashToken(token), expiresAt, createdAt: now });
  return { token, expiresAt: expiresAt.toISOString() };
}
