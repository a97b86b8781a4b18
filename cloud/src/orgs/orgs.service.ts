/** An organization's own settings: creating one, listing them, its name and branding. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import type { OrgCreateInput, OrgUpdateInput } from '@sparkmotion/shared/schemas/orgs.schema';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { OrgCtx, SessionCtx } from '../auth/org-access.ts';
import { OrgUser } from './org-user.entity.ts';
import { Organization } from './organization.entity.ts';

const orgView = (o: Organization) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  branding: o.branding,
  deskAttendees: o.deskAttendees,
  createdAt: o.createdAt.toISOString(),
});

/** Creates an organization with the caller as its OWNER. */
export async function createOrg(ctx: SessionCtx, input: z.output<typeof OrgCreateInput>) {
  if (await ctx.em.count(Organization, { slug: input.slug })) {
    throw new DomainError('CONFLICT', 'That slug is taken', { field: 'slug' });
  }
  const org = ctx.em.create(Organization, { name: input.name, slug: input.slug, branding: input.branding ?? {} });
  ctx.em.create(OrgUser, { org: org.id, user: ctx.session.userId, role: 'OWNER' });
  audit({ ...ctx, org }, { action: 'org.create', entity: 'organization', entityId: org.id, after: orgView(org) });
  await ctx.em.flush();
  return { ...orgView(org), role: 'OWNER' as OrgRole };
}

/** The caller's organizations, with the caller's role in each. */
export async function listMyOrgs(ctx: SessionCtx) {
  const memberships = await ctx.em.find(OrgUser, { user: ctx.session.userId });
  const orgs = await ctx.em.find(
    Organization,
    { id: { $in: memberships.map((m) => m.org) } },
    { orderBy: { name: 'asc' } },
  );
  const roles = new Map(memberships.map((m) => [m.org, m.role]));
  return orgs.map((o) => ({ ...orgView(o), role: roles.get(o.id)! }));
}

/** Every organization (for platform administrators). */
export async function listAllOrgs(em: EntityManager) {
  const orgs = await em.find(Organization, {}, { orderBy: { name: 'asc' } });
  return orgs.map(orgView);
}

export async function getOrg(ctx: OrgCtx) {
  const org = await ctx.em.findOneOrFail(Organization, { id: ctx.org.id });
  return { ...orgView(org), role: ctx.org.role };
}

export async function updateOrg(ctx: OrgCtx, input: z.output<typeof OrgUpdateInput>) {
  const org = await ctx.em.findOneOrFail(Organization, { id: ctx.org.id });
  const before = orgView(org);
  if (input.name !== undefined) org.name = input.name;
  if (input.branding !== undefined) org.branding = input.branding;
  // Desks apply a change at their next pull: the cloud starts each desk's replica over (sync/pull.ts).
  if (input.deskAttendees !== undefined) org.deskAttendees = input.deskAttendees;
  audit(ctx, { action: 'org.update', entity: 'organization', entityId: org.id, before, after: orgView(org) });
  await ctx.em.flush();
  return orgView(org);
}
