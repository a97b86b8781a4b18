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
import { countNewAccount } from '../auth/auth.service.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { hashPassword } from '../auth/passwords.ts';
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
 * A signed-in caller joins with their own account (their email must match); otherwise the invitee's
 * account is found by the invited email, or created from `name` + `password`. Returns a session for the
 * invitee.
 */
export async function acceptInvite(
  ctx: Pick<Context, 'em' | 'now' | 'session' | 'clientIp'>,
  input: z.output<typeof OrgAcceptInviteInput>,
  newAccounts: LoginThrottle,
  sessionTtlMs: number,
) {
  const now = ctx.now();
  const invitation = await ctx.em.findOne(Invitation, { tokenHash: hashToken(input.token) });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
    throw new DomainError('NOT_FOUND', 'This invitation is not valid (used, revoked or expired)');
  }
  let user = await ctx.em.findOne(User, { email: invitation.email });
  if (ctx.session && ctx.session.email !== invitation.email) {
    throw new DomainError('FORBIDDEN', 'This invitation is for another email address');
  }
  if (!user) {
    if (!input.name || !input.password) {
      throw new DomainError('BAD_INPUT', 'A name and a password are needed to create your account', {
        needsAccount: true,
      });
    }
    countNewAccount(ctx, newAccounts);
    user = ctx.em.create(User, {
      email: invitation.email,
      name: input.name,
      passwordHash: await hashPassword(input.password, { purpose: 'new-account', client: ctx.clientIp }),
    });
  } else if (!ctx.session) {
    // An existing account proves itself with its password, not with the invitation alone.
    throw new DomainError('UNAUTHENTICATED', 'Sign in to accept this invitation');
  }
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
