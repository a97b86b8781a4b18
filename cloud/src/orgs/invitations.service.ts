/**
 * Joining an organization by invitation: an OWNER invites an email address and hands over the token (no
 * email is sent yet); the invitee accepts it, with an account of their own or a new one.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import type {
  OrgAcceptInviteInput,
  OrgInviteInput,
  OrgRevokeInviteInput,
} from '@sparkmotion/shared/schemas/orgs.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import { countNewAccount, countPasswordCheck } from '../auth/auth.service.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { issueSession } from '../auth/sessions.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { User } from '../auth/user.entity.ts';
import type { Context } from '../trpc/context.ts';
import { Invitation } from './invitation.entity.ts';
import { OrgUser } from './org-user.entity.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** Returns the invitation token, once. */
export async function invite(ctx: OrgCtx, input: z.output<typeof OrgInviteInput>) {
  const existing = await ctx.em.findOne(User, { email: input.email });
  if (existing && (await ctx.em.count(OrgUser, { org: ctx.org.id, user: existing.id }))) {
    throw new DomainError('CONFLICT', 'Already a member');
  }
  const token = newToken();
  const now = ctx.now();
  const invitation = ctx.em.create(Invitation, {
    org: ctx.org.id,
    email: input.email,
    role: input.role,
    tokenHash: hashToken(token),
    invitedBy: ctx.session.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
  });
  const after = { email: input.email, role: input.role };
  audit(ctx, { action: 'member.invite', entity: 'invitation', entityId: invitation.id, after });
  await ctx.em.flush();
  return {
    invitationId: invitation.id,
    email: invitation.email,
    role: invitation.role,
    token,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** Invitations not yet accepted, revoked or expired. */
export async function pendingInvitations(ctx: OrgCtx) {
  const pending = await ctx.em.find(
    Invitation,
    { org: ctx.org.id, acceptedAt: null, revokedAt: null, expiresAt: { $gt: ctx.now() } },
    { orderBy: { createdAt: 'desc' } },
  );
  return pending.map((i) => ({
    invitationId: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedBy,
    expiresAt: i.expiresAt.toISOString(),
  }));
}

export async function revokeInvite(ctx: OrgCtx, input: z.output<typeof OrgRevokeInviteInput>) {
  const invitation = await ctx.em.findOneOrFail(Invitation, {
    id: input.invitationId,
    org: ctx.org.id,
    acceptedAt: null,
    revokedAt: null,
  });
  invitation.revokedAt = ctx.now();
  const before = { email: invitation.email, role: invitation.role };
  audit(ctx, { action: 'member.revokeInvite', entity: 'invitation', entityId: invitation.id, before });
  await ctx.em.flush();
  return { revoked: true as const };
}

/**
 * A signed-in caller joins with their own account (their email must match). Without a session the invitee
 * gives a name and a password either way: the invited email's account, if it has one, proves itself with its
 * password (counted like a sign-in); otherwise the account is created with them. So the invitation's holder
 * is told the same whether the email has an account until a password is tried (README "Security"), and a
 * password is hashed or checked either way. Returns a session for the invitee.
 */
export async function acceptInvite(
  ctx: Pick<Context, 'em' | 'now' | 'session' | 'clientIp'>,
  input: z.output<typeof OrgAcceptInviteInput>,
  throttles: { newAccounts: LoginThrottle; passwordChecks: LoginThrottle },
  sessionTtlMs: number,
) {
  const now = ctx.now();
  const invitation = await ctx.em.findOne(Invitation, { tokenHash: hashToken(input.token) });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
    throw new DomainError('NOT_FOUND', 'This invitation is not valid (used, revoked or expired)');
  }
  if (ctx.session && ctx.session.email !== invitation.email) {
    throw new DomainError('FORBIDDEN', 'This invitation is for another email address');
  }
  const user = await inviteeAccount(ctx, invitation.email, input, throttles);
  if (!(await ctx.em.count(OrgUser, { org: invitation.org, user: user.id }))) {
    ctx.em.create(OrgUser, { org: invitation.org, user: user.id, role: invitation.role });
  }
  invitation.acceptedAt = now;
  const session = issueSession(ctx.em, user.id, now, sessionTtlMs);
  audit(
    { em: ctx.em, session: { userId: user.id }, org: { id: invitation.org } },
    { action: 'member.join', entity: 'member', entityId: user.id, after: { email: user.email, role: invitation.role } },
  );
  await ctx.em.flush();
  return { ...session, orgId: invitation.org, role: invitation.role, user: { id: user.id, email: user.email } };
}

/** The invitee's account: the signed-in caller's, the invited email's proven by its password, or a new one. */
async function inviteeAccount(
  ctx: Pick<Context, 'em' | 'now' | 'session' | 'clientIp'>,
  email: string,
  input: z.output<typeof OrgAcceptInviteInput>,
  throttles: { newAccounts: LoginThrottle; passwordChecks: LoginThrottle },
): Promise<User> {
  const existing = await ctx.em.findOne(User, { email }, { populate: ['passwordHash'] });
  if (ctx.session && existing) return existing;
  if (!input.name || !input.password) {
    throw new DomainError('BAD_INPUT', 'Your name and a password are needed: your account’s if you have one');
  }
  if (!existing) {
    countNewAccount(ctx, throttles.newAccounts);
    const passwordHash = await hashPassword(input.password, { purpose: 'new-account', client: ctx.clientIp });
    return ctx.em.create(User, { email, name: input.name, passwordHash });
  }
  const checked = countPasswordCheck(ctx, throttles.passwordChecks, email);
  const valid = await verifyPassword(input.password, existing.passwordHash, {
    purpose: 'sign-in',
    client: ctx.clientIp,
  });
  checked(valid);
  if (!valid) throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
  return existing;
}
