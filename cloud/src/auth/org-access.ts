/**
 * Who may act in an organization: the role check behind `orgProcedure`, callable from anywhere that holds a
 * session (the sync handlers check it per mutation). Services take an `OrgCtx`, which both give them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import type { Context, SessionUser } from '../trpc/context.ts';

export interface OrgAccess {
  id: string;
  /** The caller's effective role (a platform ADMIN counts as OWNER). */
  role: OrgRole;
}

/** A signed-in caller with the unit of work to act in. */
export type SessionCtx = Pick<Context, 'em' | 'now'> & { session: SessionUser };

/** A signed-in caller acting in one organization. */
export type OrgCtx = SessionCtx & { org: OrgAccess };

const ROLE_RANK: Record<OrgRole, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

export const roleAtLeast = (role: OrgRole, minRole: OrgRole): boolean => ROLE_RANK[role] >= ROLE_RANK[minRole];

/**
 * The caller's access to `orgId` when it is at least `minRole` (OWNER > EDITOR > VIEWER); a platform ADMIN
 * acts as OWNER everywhere. Not a member and no such organization answer alike (NOT_FOUND), so nobody
 * learns which org ids exist; too low a role is FORBIDDEN.
 */
export async function requireOrgRole(
  em: EntityManager,
  session: SessionUser,
  orgId: string,
  minRole: OrgRole,
): Promise<OrgAccess> {
  const role = await roleIn(em, session, orgId);
  if (!role) throw new DomainError('NOT_FOUND', 'Organization not found');
  return atLeast(orgId, role, minRole);
}

/**
 * The caller's access to the organization holding a row they named by its id alone (a sync mutation names
 * rows, not organizations): `orgId` is the row's, null when no row has the id. Null too when the caller is
 * no member of it, so that another organization's row answers exactly as a row that does not exist. Too low
 * a role in one's own organization is FORBIDDEN, as with `requireOrgRole`.
 */
export async function orgRoleOverRow(
  em: EntityManager,
  session: SessionUser,
  orgId: string | null,
  minRole: OrgRole,
): Promise<OrgAccess | null> {
  const role = orgId ? await roleIn(em, session, orgId) : null;
  return orgId && role ? atLeast(orgId, role, minRole) : null;
}

async function roleIn(em: EntityManager, session: SessionUser, orgId: string): Promise<OrgRole | null> {
  const conn = em.getConnection();
  if (session.platformRole === 'ADMIN') {
    const exists = await conn.execute('select 1 from organizations where id = ?', [orgId]);
    return exists.length ? 'OWNER' : null;
  }
  const rows = await conn.execute<Array<{ role: OrgRole }>>(
    'select role from org_members where org_id = ? and user_id = ?',
    [orgId, session.userId],
  );
  return rows[0]?.role ?? null;
}

function atLeast(orgId: string, role: OrgRole, minRole: OrgRole): OrgAccess {
  if (!roleAtLeast(role, minRole)) throw new DomainError('FORBIDDEN', `This needs the ${minRole} role`);
  return { id: orgId, role };
}
