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
import { DomainError, type ErrorCode, isDomainError, TRPC_CODE_OF_ERROR } from '@sparkmotion/shared/errors';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { requireOrgRole } from '../auth/org-access.ts';
import { domainErrorOfDb } from '../db/errors.ts';
import type { Context } from './context.ts';

type TrpcCode = TRPCError['code'];

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
  return new TRPCError({ code: TRPC_CODE_OF_ERROR[error.code], message: error.message, cause: error });
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
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;

/** Translates domain errors (and unique-key races) once, for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isDomainError(cause)) throw toTRPCError(cause);
    const db = domainErrorOfDb(cause);
    if (db) throw toTRPCError(db);
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

const OrgIdInput = z.object({ orgId: z.uuid() });

export function orgProcedure(minRole: OrgRole) {
  return authedProcedure.use(async ({ ctx, next, getRawInput }) => {
    const parsed = OrgIdInput.safeParse(await getRawInput());
    if (!parsed.success) throw new DomainError('BAD_INPUT', 'orgId is required');
    const org = await requireOrgRole(ctx.em, ctx.session, parsed.data.orgId, minRole);
    return next({ ctx: { org } });
  });
}
