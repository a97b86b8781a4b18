import { isDomainError, TRPC_CODE_OF_ERROR } from '@sparkmotion/shared/errors';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';

/**
 * tRPC for the desktop main process, shared by the console's own routers (settings, session, cloud).
 * Domain errors are translated once, here: the shape carries our ErrorCode in `data.code` and flattened
 * zod issues for forms, the same contract as the cloud's.
 */
const t = initTRPC.create({
  isServer: true,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domainCode = isDomainError(cause) ? cause.code : undefined;
    const zodIssues = cause instanceof z.ZodError ? z.flattenError(cause) : undefined;
    // A domain error's details are safe to show by contract (e.g. every bad line of a bulk list). Bad input
    // names its fields (`details.fields`), so a form shows each problem at its field: tRPC's own message for
    // it is the zod issues as JSON, never for a person's eyes.
    const details = zodIssues ? { fields: zodIssues.fieldErrors } : isDomainError(cause) ? cause.details : undefined;
    const message = zodIssues ? invalidInputMessage(zodIssues) : shape.message;
    return { ...shape, message, data: { ...shape.data, code: domainCode ?? shape.data.code, zodIssues, details } };
  },
});

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE_OF_ERROR[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);

/** "Invalid input: timezone (not an IANA time zone)": which fields, in words. */
export function invalidInputMessage(issues: {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
}) {
  const parts = [
    ...issues.formErrors,
    ...Object.entries(issues.fieldErrors).map(([field, messages]) => `${field} (${(messages ?? []).join(', ')})`),
  ];
  return parts.length ? `Invalid input: ${parts.join('; ')}` : 'Invalid input';
}
