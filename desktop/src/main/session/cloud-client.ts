import type { AppRouter as CloudAppRouter } from '@sparkmotion/cloud/app-router';
import { DomainError, ErrorCode } from '@sparkmotion/shared/errors';
import { createTRPCClient, type TRPCClient, TRPCClientError } from '@trpc/client';
import { cloudLink } from './cloud-link.ts';

export type CloudClient = TRPCClient<CloudAppRouter>;

/** A typed client of the cloud's API, authenticated with the session's bearer token (none to sign in). */
export function createCloudClient(session: Parameters<typeof cloudLink>[0]): CloudClient {
  return createTRPCClient<CloudAppRouter>({
    links: [cloudLink(session)],
  });
}

/**
 * Turns a failed cloud call into our DomainError, so the renderer sees one shape whether the cloud said
 * no (its ErrorCode kept) or could not be reached (UNAVAILABLE).
 */
export function toDomainError(error: unknown, cloudUrl: string): DomainError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; zodError?: { fieldErrors?: Record<string, string[]> } } | undefined;
    // The cloud's bad-input answer names its fields: kept, so the console shows each at its field.
    const fields = data?.zodError?.fieldErrors;
    if (data?.code) return new DomainError(asCode(data.code), error.message, fields ? { fields } : undefined);
    return new DomainError('UNAVAILABLE', `Cannot reach the cloud at ${cloudUrl}.`);
  }
  return new DomainError('INTERNAL', error instanceof Error ? error.message : String(error));
}

function asCode(code: string): DomainError['code'] {
  const known = ErrorCode.safeParse(code);
  if (known.success) return known.data;
  if (code === 'UNAUTHORIZED') return 'UNAUTHENTICATED';
  if (code === 'BAD_REQUEST') return 'BAD_INPUT';
  return 'INTERNAL';
}
