import type { AppRouter as CloudAppRouter } from '@sparkmotion/cloud/app-router';
import { DomainError } from '@sparkmotion/shared/errors';
import { createTRPCClient, httpLink, type TRPCClient, TRPCClientError } from '@trpc/client';
import type { CloudSession } from './session-store.ts';

export type CloudClient = TRPCClient<CloudAppRouter>;

/** A typed client of the cloud's API, authenticated with the session's bearer token. */
export function createCloudClient(session: CloudSession): CloudClient {
  return createTRPCClient<CloudAppRouter>({
    links: [
      httpLink({ url: `${session.cloudUrl}/trpc`, headers: () => ({ authorization: `Bearer ${session.token}` }) }),
    ],
  });
}

/**
 * Turns a failed cloud call into our DomainError, so the renderer sees one shape whether the cloud said
 * no (its ErrorCode kept) or could not be reached (UNAVAILABLE).
 */
export function toDomainError(error: unknown, cloudUrl: string): DomainError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string } | undefined;
    if (data?.code) return new DomainError(asCode(data.code), error.message);
    return new DomainError('UNAVAILABLE', `Cannot reach the cloud at ${cloudUrl}.`);
  }
  return new DomainError('INTERNAL', error instanceof Error ? error.message : String(error));
}

const known = new Set([
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'WINDOW_OVERLAP',
  'EVENT_HAS_BANDS',
  'BAND_ALREADY_REGISTERED',
  'BAND_NOT_ACTIVE',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'SESSION_EXPIRED',
  'LAST_OWNER',
  'UNAVAILABLE',
]);
function asCode(code: string): DomainError['code'] {
  if (known.has(code)) return code as DomainError['code'];
  if (code === 'UNAUTHORIZED') return 'UNAUTHENTICATED';
  if (code === 'BAD_REQUEST') return 'BAD_INPUT';
  return 'INTERNAL';
}
