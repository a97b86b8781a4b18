/**
 * The tRPC context. `createContextInner` needs no HTTP request (tests and `createCaller` use it);
 * `createContextFactory` reads the bearer token from the request and delegates.
 */
import type { IncomingMessage } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlatformRole } from '@sparkmotion/shared/schemas/common.schema';
import type { Logger } from 'pino';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { hashToken } from '../auth/tokens.ts';
import type { CloudConfig } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import { clientIp } from '../http/client-ip.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { LiveTapsReader } from '../taps/live-counters.ts';
import type { CounterGate } from '../trust/counter-gate.ts';

/** What procedures may use beyond the request: handed in by the composition root. */
export interface ContextDeps {
  orm: Orm;
  config: CloudConfig;
  logger: Logger;
  /** The clock; tests may pin it. */
  now?: () => Date;
  /** Live tap counters in Redis (absent without Redis: analytics reads TapLog instead). */
  liveTaps?: LiveTapsReader | undefined;
  /** Counts wrong passwords per email across requests (see login-throttle.ts). */
  loginThrottle: LoginThrottle;
  /** New accounts per client IP (register, accepting an invitation with a password). */
  newAccountThrottle: LoginThrottle;
  /** The tap counters' gate (trust/counter-gate.ts), for the organizer's counter reset. */
  counterGate: CounterGate;
  /** Seals and opens the organizations' tag secrets (trust/org-secrets.ts). */
  secretBox: SecretBox;
}

export interface SessionUser {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  platformRole: PlatformRole;
}

export interface Context {
  deps: ContextDeps;
  /** A fork of the ORM's EntityManager of this request alone. */
  em: EntityManager;
  session: SessionUser | null;
  /** True when a token came that was once a session but is expired or revoked (SESSION_EXPIRED, not UNAUTHENTICATED). */
  sessionEnded: boolean;
  now: () => Date;
  clientIp: string | null;
}

export async function createContextInner(input: {
  deps: ContextDeps;
  token?: string | null;
  clientIp?: string | null;
}): Promise<Context> {
  const em = input.deps.orm.em.fork();
  const now = input.deps.now ?? (() => new Date());
  const found = input.token ? await findSession(em, input.token, now()) : null;
  const session = found && !found.ended ? found.user : null;
  return { deps: input.deps, em, session, sessionEnded: Boolean(found?.ended), now, clientIp: input.clientIp ?? null };
}

export function createContextFactory(deps: ContextDeps) {
  return ({ req }: { req: IncomingMessage }) =>
    createContextInner({
      deps,
      token: bearerToken(req),
      clientIp: clientIp(req, deps.config.redirect.trustProxy) || null,
    });
}

/** Whether the request's bearer token is a live session: decides its body limit before tRPC reads the body. */
export async function hasLiveSession(deps: ContextDeps, req: IncomingMessage): Promise<boolean> {
  const token = bearerToken(req);
  if (!token) return false;
  const found = await findSession(deps.orm.em.fork(), token, (deps.now ?? (() => new Date()))());
  return Boolean(found && !found.ended);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

async function findSession(
  em: EntityManager,
  token: string,
  now: Date,
): Promise<{ user: SessionUser; ended: boolean } | null> {
  const rows = await em.getConnection().execute<
    Array<{
      session_id: string;
      user_id: string;
      email: string;
      name: string;
      platform_role: PlatformRole;
      ended: boolean;
    }>
  >(
    `select s.id as session_id, u.id as user_id, u.email, u.name, u.platform_role,
            (s.revoked_at is not null or s.expires_at <= ?) as ended
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = ?`,
    [now, hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ended: row.ended,
    user: {
      sessionId: row.session_id,
      userId: row.user_id,
      email: row.email,
      name: row.name,
      platformRole: row.platform_role,
    },
  };
}
