/** Who belongs to an organization, with which role; an organization always keeps an OWNER. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import type { OrgChangeRoleInput, OrgRemoveMemberInput } from '@sparkmotion/shared/schemas/orgs.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx } from '../auth/org-access.ts';
import { User } from '../auth/user.entity.ts';
import { OrgUser } from './org-user.entity.ts';

const memberView = (m: OrgUser, u: Pick<User, 'email' | 'name'>) => ({
  userId: m.user,
  email: u.email,
  name: u.name,
  role: m.role,
  since: m.createdAt.toISOString(),
});

export async function listMembers(ctx: OrgCtx) {
  const memberships = await ctx.em.find(OrgUser, { org: ctx.org.id }, { orderBy: { createdAt: 'asc' } });
  const users = await ctx.em.find(User, { id: { $in: memberships.map((m) => m.user) } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return memberships.map((m) => memberView(m, byId.get(m.user)!));
}

/** The last OWNER cannot be demoted. */
export async function changeRole(ctx: OrgCtx, input: z.output<typeof OrgChangeRoleInput>) {
  const member = await ctx.em.findOneOrFail(OrgUser, { org: ctx.org.id, user: input.userId });
  const before = member.role;
  if (before === 'OWNER' && input.role !== 'OWNER') await assertAnotherOwner(ctx.em, ctx.org.id, member.user);
  member.role = input.role;
  audit(ctx, {
    action: 'member.changeRole',
    entity: 'member',
    entityId: member.user,
    before: { role: before },
    after: { role: input.role },
  });
  await ctx.em.flush();
  return { userId: member.user, role: member.role };
}

/** OWNERs remove anyone; anyone may leave. The last OWNER cannot be removed. */
export async function removeMember(ctx: OrgCtx, input: z.output<typeof OrgRemoveMemberInput>) {
  if (input.userId !== ctx.session.userId && ctx.org.role !== 'OWNER') {
    throw new DomainError('FORBIDDEN', 'This needs the OWNER role');
  }
  const member = await ctx.em.findOneOrFail(OrgUser, { org: ctx.org.id, user: input.userId });
  if (member.role === 'OWNER') await assertAnotherOwner(ctx.em, ctx.org.id, member.user);
  audit(ctx, { action: 'member.remove', entity: 'member', entityId: member.user, before: { role: member.role } });
  ctx.em.remove(member);
  await ctx.em.flush();
  return { removed: true as const };
}

async function assertAnotherOwner(em: EntityManager, orgId: string, leavingUserId: string): Promise<void> {
  const others = await em.count(OrgUser, { org: orgId, role: 'OWNER', user: { $ne: leavingUserId } });
  if (!others) throw new DomainError('LAST_OWNER', 'An organization keeps at least one OWNER');
}
