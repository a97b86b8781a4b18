import { createTRPCUntypedClient } from '@trpc/client';
import { cloudLink } from '../session/cloud-link.ts';
import type { CloudSession } from '../session/session-store.ts';

/** The organization's NTAG password secret (hex) for the band an event's station encodes; null when unknown. */
export type TagSecretSource = (eventId: string) => Promise<string | null>;

/**
 * The desk gets its organization's NTAG secret from the cloud (`trust.ntagSecret`, editors of that
 * organization), once per organization and session, and keeps it in memory only: it never reaches the
 * renderer or a file. Offline before the first fetch, or signed out, it answers null: the station then
 * encodes nothing (TAG_SECRET_UNAVAILABLE) rather than bands without a password, and a band that already
 * has one is refused (TAG_PROTECTED) rather than touched.
 */
export function createCloudTagSecrets(deps: {
  session: () => Promise<CloudSession>;
  orgOfEvent: (eventId: string) => Promise<string | null>;
  /** Longest wait for the cloud: a desk offline must not stall encoding. */
  timeoutMs?: number;
  /** How long a failed fetch is not retried (each tap would wait for it otherwise). */
  retryAfterMs?: number;
  now?: () => number;
}): TagSecretSource {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const retryAfterMs = deps.retryAfterMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, string>();
  const failedAt = new Map<string, number>();
  return async (eventId) => {
    let key: string | null = null;
    try {
      const orgId = await deps.orgOfEvent(eventId);
      if (!orgId) return null;
      const { cloudUrl, token } = await deps.session();
      key = `${cloudUrl} ${token} ${orgId}`;
      const known = cache.get(key);
      if (known) return known;
      if (now() - (failedAt.get(key) ?? Number.NEGATIVE_INFINITY) < retryAfterMs) return null;
      const client = createTRPCUntypedClient({ links: [cloudLink({ cloudUrl, token, timeoutMs })] });
      const answer = (await client.query('trust.ntagSecret', { orgId })) as { ntagSecret?: unknown };
      if (typeof answer.ntagSecret !== 'string' || !/^(?:[0-9a-f]{2}){16,}$/.test(answer.ntagSecret)) return null;
      cache.set(key, answer.ntagSecret);
      return answer.ntagSecret;
    } catch {
      if (key) failedAt.set(key, now());
      return null;
    }
  };
}

/**
 * The organization's secret for one tap's encoding, asked at most once and only when the tag family needs
 * it: from the settings when they carry one (tests, a desk configured by hand), else from `source`.
 */
export function secretForTap(
  settings: { ntagSecret?: string | null },
  source: TagSecretSource | undefined,
  eventId: string,
): () => Promise<Uint8Array | null> {
  let asked: Promise<Uint8Array | null> | null = null;
  return () => {
    asked ??= (async () => {
      const hex = settings.ntagSecret !== undefined ? settings.ntagSecret : ((await source?.(eventId)) ?? null);
      return hex ? Buffer.from(hex, 'hex') : null;
    })();
    return asked;
  };
}
