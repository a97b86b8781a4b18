/**
 * tRPC's one setup: the named procedures every router builds on, and the one place where domain errors
 * (DomainError with an ErrorCode) become tRPC errors.
 *
 * - `publicProcedure`: anyone.
 * - `authedProcedure`: a valid session (else UNAUTHORIZED → HTTP 401).
 * - `orgProcedure(minRole)`: the input's `orgId` names an organization the caller belongs to with at least
 *   `minRole` (OWNER > EDITOR > VIEWER); a platform ADMIN acts as OWNER everywhere. `ctx.org` holds it.
 * - `adminProcedure`: platform ADMIN only.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError, type ErrorCode, isDomainError } from '@sparkmotion/shared/errors';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.ts';

type TrpcCode = TRPCError['code'];

const TRPC_CODE: Partial<Record<ErrorCode, TrpcCode>> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  SESSION_EXPIRED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

const ERROR_CODE: Partial<Record<TrpcCode, ErrorCode>> = {
  BAD_REQUEST: 'BAD_INPUT',
  PARSE_ERROR: 'BAD_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

export function toTRPCError(error: DomainError): TRPCError {
  // Codes without an entry are business-rule refusals: 409.
  return new TRPCError({ code: TRPC_CODE[error.code] ?? 'CONFLICT', message: error.message, cause: error });
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const domain = isDomainError(error.cause) ? error.cause : null;
    const zodError = error.cause instanceof z.ZodError ? error.cause : null;
    const code: ErrorCode = domain?.code ?? (zodError ? 'BAD_INPUT' : (ERROR_CODE[error.code] ?? 'INTERNAL'));
    const internal = code === 'INTERNAL';
    return {
      message: internal ? 'Internal error' : zodError ? 'Invalid input' : shape.message,
      code: shape.code,
      data: {
        code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        details: domain?.details ?? null,
        zodError: zodError ? z.flattenError(zodError) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Translates domain errors (and unique-key races) once, for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isDomainError(cause)) throw toTRPCError(cause);
    if (cause instanceof UniqueConstraintViolationException) {
      throw toTRPCError(new DomainError('CONFLICT', 'That already exists'));
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    if (ctx.sessionEnded) throw new DomainError('SESSION_EXPIRED', 'Your session has ended; sign in again');
    throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  }
  return next({ ctx: { session: ctx.session } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.session.platformRole !== 'ADMIN') throw new DomainError('FORBIDDEN', 'Platform administrators only');
  return next();
});

const ROLE_RANK: Record<OrgRole, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

export const roleAtLeast = (role: OrgRole, minRole: OrgRole): boolean => ROLE_RANK[role] >= ROLE_RANK[minRole];

const OrgIdInput = z.object({ orgId: z.uuid() });

export interface OrgAccess {
  id: string;
  /** The caller's effective role (a platform ADMIN counts as OWNER). */
  role: OrgRole;
}

export function orgProcedure(minRole: OrgRole) {
  return authedProcedure.use(async ({ ctx, next, getRawInput }) => {
    const parsed = OrgIdInput.safeParse(await getRawInput());
    if (!parsed.success) throw new DomainError('BAD_INPUT', 'orgId is required');
    const orgId = parsed.data.orgId;
    let role: OrgRole | null = null;
    if (ctx.session.platformRole === 'ADMIN') {
      const exists = await ctx.em.getConnection().execute('select 1 from organizations where id = ?', [orgId]);
      if (exists.length) role = 'OWNER';
    } else {
      const rows = await ctx.em
        .getConnection()
        .execute<Array<{ role: OrgRole }>>('select role from org_members where org_id = ? and user_id = ?', [
          orgId,
          ctx.session.userId,
        ]);
      role = rows[0]?.role ?? null;
    }
    // Not a member and no such org answer alike: nobody learns which org ids exist.
    if (!role) throw new DomainError('NOT_FOUND', 'Organization not found');
    if (!roleAtLeast(role, minRole)) throw new DomainError('FORBIDDEN', `This needs the ${minRole} role`);
    const org: OrgAccess = { id: orgId, role };
    return next({ ctx: { org } });
  });
}
