import { DomainError } from '@sparkmotion/shared/errors';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import {
  OrgAcceptInviteInput,
  OrgChangeRoleInput,
  OrgCreateInput,
  OrgInviteInput,
  OrgRemoveMemberInput,
  OrgRevokeInviteInput,
  OrgUpdateInput,
} from '@sparkmotion/shared/schemas/orgs.schema';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { issueSession } from '../auth/sessions.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { User } from '../auth/user.entity.ts';
import { adminProcedure, authedProcedure, orgProcedure, publicProcedure, router } from '../trpc/init.ts';
import { Invitation } from './invitation.entity.ts';
import { OrgUser } from './org-user.entity.ts';
import { Organization } from './organization.entity.ts';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

const orgView = (o: Organization) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  branding: o.branding,
  createdAt: o.createdAt.toISOString(),
});

const memberView = (m: OrgUser, u: Pick<User, 'email' | 'name'>) => ({
  userId: m.user,
  email: u.email,
  name: u.name,
  role: m.role,
  since: m.createdAt.toISOString(),
});

export const orgsRouter = router({
  /** Creates an organization with the caller as its OWNER. */
  create: authedProcedure.input(OrgCreateInput).mutation(async ({ ctx, input }) => {
    if (await ctx.em.count(Organization, { slug: input.slug })) {
      throw new DomainError('CONFLICT', 'That slug is taken', { field: 'slug' });
    }
    const org = ctx.em.create(Organization, { name: input.name, slug: input.slug, branding: input.branding ?? {} });
    ctx.em.create(OrgUser, { org: org.id, user: ctx.session.userId, role: 'OWNER' });
    recordAudit(ctx.em, {
      orgId: org.id,
      actorId: ctx.session.userId,
      action: 'org.create',
      entity: 'organization',
      entityId: org.id,
      after: orgView(org),
    });
    await ctx.em.flush();
    return { ...orgView(org), role: 'OWNER' as OrgRole };
  }),

  /** The caller's organizations, with the caller's role in each. */
  listMine: authedProcedure.query(async ({ ctx }) => {
    const memberships = await ctx.em.find(OrgUser, { user: ctx.session.userId });
    const orgs = await ctx.em.find(
      Organization,
      { id: { $in: memberships.map((m) => m.org) } },
      { orderBy: { name: 'asc' } },
    );
    const roles = new Map(memberships.map((m) => [m.org, m.role]));
    return orgs.map((o) => ({ ...orgView(o), role: roles.get(o.id)! }));
  }),

  /** Every organization (platform ADMIN only). */
  listAll: adminProcedure.query(async ({ ctx }) => {
    const orgs = await ctx.em.find(Organization, {}, { orderBy: { name: 'asc' } });
    return orgs.map(orgView);
  }),

  get: orgProcedure('VIEWER')
    .input(z.object({ orgId: z.uuid() }))
    .query(async ({ ctx }) => {
      const org = await ctx.em.findOneOrFail(Organization, { id: ctx.org.id });
      return { ...orgView(org), role: ctx.org.role };
    }),

  update: orgProcedure('OWNER')
    .input(OrgUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const org = await ctx.em.findOneOrFail(Organization, { id: ctx.org.id });
      const before = orgView(org);
      if (input.name !== undefined) org.name = input.name;
      if (input.branding !== undefined) org.branding = input.branding;
      recordAudit(ctx.em, {
        orgId: org.id,
        actorId: ctx.session.userId,
        action: 'org.update',
        entity: 'organization',
        entityId: org.id,
        before,
        after: orgView(org),
      });
      await ctx.em.flush();
      return orgView(org);
    }),

  members: orgProcedure('VIEWER')
    .input(z.object({ orgId: z.uuid() }))
    .query(async ({ ctx }) => {
      const memberships = await ctx.em.find(OrgUser, { org: ctx.org.id }, { orderBy: { createdAt: 'asc' } });
      const users = await ctx.em.find(User, { id: { $in: memberships.map((m) => m.user) } });
      const byId = new Map(users.map((u) => [u.id, u]));
      return memberships.map((m) => memberView(m, byId.get(m.user)!));
    }),

  /**
   * Invites an email address. Returns the invitation token once: the OWNER hands it over (no email is sent
   * yet); the invitee accepts it with `acceptInvite`.
   */
  invite: orgProcedure('OWNER')
    .input(OrgInviteInput)
    .mutation(async ({ ctx, input }) => {
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
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'member.invite',
        entity: 'invitation',
        entityId: invitation.id,
        after: { email: input.email, role: input.role },
      });
      await ctx.em.flush();
      return {
        invitationId: invitation.id,
        email: invitation.email,
        role: invitation.role,
        token,
        expiresAt: invitation.expiresAt.toISOString(),
      };
    }),

  /** Invitations not yet accepted, revoked or expired (OWNER). */
  invitations: orgProcedure('OWNER')
    .input(z.object({ orgId: z.uuid() }))
    .query(async ({ ctx }) => {
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
    }),

  revokeInvite: orgProcedure('OWNER')
    .input(OrgRevokeInviteInput)
    .mutation(async ({ ctx, input }) => {
      const invitation = await ctx.em.findOneOrFail(Invitation, {
        id: input.invitationId,
        org: ctx.org.id,
        acceptedAt: null,
        revokedAt: null,
      });
      invitation.revokedAt = ctx.now();
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'member.revokeInvite',
        entity: 'invitation',
        entityId: invitation.id,
        before: { email: invitation.email, role: invitation.role },
      });
      await ctx.em.flush();
      return { revoked: true as const };
    }),

  /**
   * Accepts an invitation. A signed-in caller joins with their own account (their email must match);
   * otherwise the invitee's account is found by the invited email, or created from `name` + `password`.
   * Returns a session for the invitee.
   */
  acceptInvite: publicProcedure.input(OrgAcceptInviteInput).mutation(async ({ ctx, input }) => {
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
      user = ctx.em.create(User, {
        email: invitation.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
      });
    } else if (!ctx.session) {
      // An existing account proves itself with its password, not with the invitation alone.
      throw new DomainError('UNAUTHENTICATED', 'Sign in to accept this invitation');
    }
    if (!(await ctx.em.count(OrgUser, { org: invitation.org, user: user.id }))) {
      ctx.em.create(OrgUser, { org: invitation.org, user: user.id, role: invitation.role });
    }
    invitation.acceptedAt = now;
    const session = issueSession(ctx.em, user.id, now, ctx.deps.config.auth.sessionTtlMs);
    recordAudit(ctx.em, {
      orgId: invitation.org,
      actorId: user.id,
      action: 'member.join',
      entity: 'member',
      entityId: user.id,
      after: { email: user.email, role: invitation.role },
    });
    await ctx.em.flush();
    return { ...session, orgId: invitation.org, role: invitation.role, user: { id: user.id, email: user.email } };
  }),

  /** The last OWNER cannot be demoted. */
  changeRole: orgProcedure('OWNER')
    .input(OrgChangeRoleInput)
    .mutation(async ({ ctx, input }) => {
      const member = await ctx.em.findOneOrFail(OrgUser, { org: ctx.org.id, user: input.userId });
      const before = member.role;
      if (before === 'OWNER' && input.role !== 'OWNER') await assertAnotherOwner(ctx.em, ctx.org.id, member.user);
      member.role = input.role;
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'member.changeRole',
        entity: 'member',
        entityId: member.user,
        before: { role: before },
        after: { role: input.role },
      });
      await ctx.em.flush();
      return { userId: member.user, role: member.role };
    }),

  /** Removes a member (OWNERs remove anyone; anyone may leave). The last OWNER cannot be removed. */
  removeMember: orgProcedure('VIEWER')
    .input(OrgRemoveMemberInput)
    .mutation(async ({ ctx, input }) => {
      if (input.userId !== ctx.session.userId && ctx.org.role !== 'OWNER') {
        throw new DomainError('FORBIDDEN', 'This needs the OWNER role');
      }
      const member = await ctx.em.findOneOrFail(OrgUser, { org: ctx.org.id, user: input.userId });
      if (member.role === 'OWNER') await assertAnotherOwner(ctx.em, ctx.org.id, member.user);
      recordAudit(ctx.em, {
        orgId: ctx.org.id,
        actorId: ctx.session.userId,
        action: 'member.remove',
        entity: 'member',
        entityId: member.user,
        before: { role: member.role },
      });
      ctx.em.remove(member);
      await ctx.em.flush();
      return { removed: true as const };
    }),
});

async function assertAnotherOwner(
  em: Parameters<typeof recordAudit>[0],
  orgId: string,
  leavingUserId: string,
): Promise<void> {
  const others = await em.count(OrgUser, { org: orgId, role: 'OWNER', user: { $ne: leavingUserId } });
  if (!others) throw new DomainError('LAST_OWNER', 'An organization keeps at least one OWNER');
}
