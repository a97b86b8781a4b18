/** Accounts and sessions: opening an account, signing in and out, changing a password. */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError } from '@sparkmotion/shared/errors';
import type { ChangePasswordInput, LoginInput, RegisterInput } from '@sparkmotion/shared/schemas/auth.schema';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Context } from '../trpc/context.ts';
import type { HashLane } from './hash-slots.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionCtx } from './org-access.ts';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { Session } from './session.entity.ts';
import { issueSession } from './sessions.ts';
import { User } from './user.entity.ts';

type AnyoneCtx = Pick<Context, 'em' | 'now'>;

const signedIn = (ctx: AnyoneCtx, user: User, sessionTtlMs: number) => ({
  ...issueSession(ctx.em, user.id, ctx.now(), sessionTtlMs),
  user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole },
});

/**
 * Opens an account (platform role CUSTOMER). The answer is the same whether the email is new or already has
 * an account, so it tells nobody who has one (README "Security"): no session either way (the new account
 * signs in with `auth.login`), and a password is hashed either way, so the time does not tell either. An
 * existing account is left as it is. Counted per client IP before anything else (a hash each).
 */
export async function register(
  ctx: AnyoneCtx & Pick<Context, 'clientIp'>,
  input: z.output<typeof RegisterInput>,
  newAccounts: LoginThrottle,
) {
  countNewAccount(ctx, newAccounts);
  const passwordHash = await hashPassword(input.password, { purpose: 'new-account', client: ctx.clientIp });
  if (!(await ctx.em.count(User, { email: input.email }))) {
    const user = ctx.em.create(User, { email: input.email, name: input.name, passwordHash });
    audit(
      { em: ctx.em, session: { userId: user.id } },
      { action: 'user.register', entity: 'user', entityId: user.id, after: { email: user.email, name: user.name } },
    );
    try {
      await ctx.em.flush();
    } catch (error) {
      // A registration of the same email at the same moment won: the answer stays the same.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
  return { email: input.email, next: 'SIGN_IN' as const };
}

/**
 * Counts one new account (a password hash) for the caller's IP before the hash runs, or throws RATE_LIMITED.
 * In-process callers without an IP are not counted.
 */
export function countNewAccount(ctx: Pick<Context, 'clientIp' | 'now'>, newAccounts: LoginThrottle): void {
  if (ctx.clientIp) newAccounts.attempt([{ key: `ip:${ctx.clientIp}` }], ctx.now().getTime());
}

/** Password checks one client IP gets per window, across accounts (offices and venues share IPs). */
const CLIENT_IP_LIMIT = 100;

/**
 * Counts one check of `email`'s password in `throttle` before scrypt runs, per account and per client IP
 * (login-throttle.ts), or throws RATE_LIMITED. Call the answer with the check's outcome: a right password
 * forgets the account's count and gives the client's attempt back.
 */
export function countPasswordCheck(
  ctx: Pick<Context, 'now' | 'clientIp'>,
  throttle: LoginThrottle,
  email: string,
): (valid: boolean) => void {
  const account = `email:${email}`;
  const client = ctx.clientIp ? [`ip:${ctx.clientIp}`] : [];
  throttle.attempt([{ key: account }, ...client.map((key) => ({ key, limit: CLIENT_IP_LIMIT }))], ctx.now().getTime());
  return (valid) => {
    if (valid) throttle.succeeded([account], client);
  };
}

/** Signs in; a hash made at an older cost is replaced by one at today's on a right password. */
export async function login(
  ctx: AnyoneCtx & Pick<Context, 'clientIp'>,
  input: z.output<typeof LoginInput>,
  throttle: LoginThrottle,
  sessionTtlMs: number,
) {
  const checked = countPasswordCheck(ctx, throttle, input.email);
  const user = await ctx.em.findOne(User, { email: input.email }, { populate: ['passwordHash'] });
  // Verify against a dummy hash when the email is unknown: the answer takes as long either way.
  const lane: HashLane = { purpose: 'sign-in', client: ctx.clientIp };
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH, lane);
  checked(!!user && valid);
  if (!user || !valid) throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
  if (needsRehash(user.passwordHash)) user.passwordHash = await hashPassword(input.password, lane);
  const answer = signedIn(ctx, user, sessionTtlMs);
  await ctx.em.flush();
  return answer;
}

/** Revokes the session the caller came with. */
export async function logout(ctx: SessionCtx) {
  await ctx.em.nativeUpdate(Session, { id: ctx.session.sessionId }, { revokedAt: ctx.now() });
  return { ok: true as const };
}

/** Revokes every session of the caller, on every device. */
export async function logoutEverywhere(ctx: SessionCtx) {
  const revoked = await ctx.em.nativeUpdate(
    Session,
    { user: ctx.session.userId, revokedAt: null },
    { revokedAt: ctx.now() },
  );
  return { revoked };
}

/** Changes the caller's password and ends every other session of theirs (this one stays signed in). */
export async function changePassword(
  ctx: SessionCtx & Pick<Context, 'clientIp'>,
  input: z.output<typeof ChangePasswordInput>,
  throttle: LoginThrottle,
) {
  // A stolen session must not become a way to guess the password past the sign-in throttle.
  const account = `user:${ctx.session.userId}`;
  throttle.attempt([{ key: account }], ctx.now().getTime());
  const user = await ctx.em.findOneOrFail(User, { id: ctx.session.userId }, { populate: ['passwordHash'] });
  const lane: HashLane = { purpose: 'account', client: ctx.clientIp };
  if (!(await verifyPassword(input.currentPassword, user.passwordHash, lane))) {
    throw new DomainError('INVALID_CREDENTIALS', 'The current password is wrong');
  }
  throttle.succeeded([account]);
  user.passwordHash = await hashPassword(input.newPassword, lane);
  audit(ctx, { action: 'user.changePassword', entity: 'user', entityId: user.id });
  await ctx.em.flush();
  const revoked = await ctx.em.nativeUpdate(
    Session,
    { user: user.id, revokedAt: null, id: { $ne: ctx.session.sessionId } },
    { revokedAt: ctx.now() },
  );
  return { otherSessionsEnded: revoked };
}

/** The caller and their organizations, with their role in each. */
export async function me(ctx: SessionCtx) {
  const orgs = await ctx.em.getConnection().execute<Array<{ id: string; name: string; slug: string; role: OrgRole }>>(
    `select o.id, o.name, o.slug, m.role
       from org_members m join organizations o on o.id = m.org_id
      where m.user_id = ? order by o.name`,
    [ctx.session.userId],
  );
  const { userId, email, name, platformRole } = ctx.session;
  return { user: { id: userId, email, name, platformRole }, orgs };
}
