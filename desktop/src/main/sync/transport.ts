/**
 * How the sync engine reaches the cloud: the `sync.push` / `sync.pull` procedures over HTTPS with the
 * session's bearer token. Responses are parsed with the shared zod schemas: the wire is a boundary.
 */
import { isDomainError } from '@sparkmotion/shared/errors';
import { type PullRequest, PullResponse, type PushRequest, PushResponse } from '@sparkmotion/shared/sync/protocol';
import { type CloudClient, createCloudClient } from '../session/cloud-client.ts';
import type { CloudSession } from '../session/session-store.ts';

export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
  /** Who the calls act as (`cloudUrl email`): a replica and its client id belong to one account. */
  account?(): Promise<string>;
}

/** Why a sync attempt failed, as the engine needs to know it. */
export type TransportFailure = { kind: 'offline' | 'auth' | 'server'; code: string; message: string };

/**
 * `session()` is asked before every call, so a new sign-in is picked up without restarting the engine. A call
 * that gets no answer within `timeoutMs` fails as offline.
 */
export function createCloudTransport(
  session: () => Promise<CloudSession>,
  options: { timeoutMs?: number } = {},
): SyncTransport {
  let cached: { key: string; client: CloudClient } | null = null;
  const client = async () => {
    const { cloudUrl, token } = await session();
    const key = `${cloudUrl} ${token}`;
    if (cached?.key !== key) {
      cached = { key, client: createCloudClient({ cloudUrl, token, timeoutMs: options.timeoutMs }) };
    }
    return cached.client;
  };
  return {
    push: async (request) => PushResponse.parse(await (await client()).sync.push.mutate(request)),
    pull: async (request) => PullResponse.parse(await (await client()).sync.pull.query(request)),
    account: async () => {
      const { cloudUrl, email } = await session();
      return `${cloudUrl} ${email.toLowerCase()}`;
    },
  };
}

/** Sorts an error from a push or pull into offline (retry quietly), auth (ask to sign in) or server. */
export function classifyFailure(error: unknown): TransportFailure {
  if (isDomainError(error)) {
    if (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED') {
      return { kind: 'auth', code: 'SESSION_EXPIRED', message: error.message };
    }
    return { kind: 'server', code: error.code, message: error.message };
  }
  const data = (error as { data?: { code?: unknown; httpStatus?: unknown } } | null)?.data;
  const code = typeof data?.code === 'string' ? data.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED' || code === 'UNAUTHORIZED') {
    return { kind: 'auth', code: 'SESSION_EXPIRED', message: 'Your session has ended: sign in again to sync.' };
  }
  const isClientError = error instanceof Error && error.name === 'TRPCClientError';
  if (isClientError && !data) return { kind: 'offline', code: 'UNAVAILABLE', message: `Cloud unreachable: ${message}` };
  if (data?.httpStatus === 502 || data?.httpStatus === 503 || data?.httpStatus === 504) {
    return { kind: 'offline', code: 'UNAVAILABLE', message };
  }
  return { kind: 'server', code: code ?? 'INTERNAL', message };
}
