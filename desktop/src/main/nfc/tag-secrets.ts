import { createTRPCUntypedClient } from '@trpc/client';
import { cloudLink } from '../session/cloud-link.ts';
import type { CloudSession } from '../session/session-store.ts';
import type { OrgSdmKeys } from './ntag424/personalise.ts';

/** The organization's NTAG password secret (hex) for the band an event's station encodes; null when unknown. */
export type TagSecretSource = (eventId: string) => Promise<string | null>;

type CloudSecretDeps = {
  session: () => Promise<CloudSession>;
  orgOfEvent: (eventId: string) => Promise<string | null>;
  /** Longest wait for the cloud: a desk offline must not stall encoding. */
  timeoutMs?: number;
  /** How long a failed fetch is not retried (each tap would wait for it otherwise). */
  retryAfterMs?: number;
  now?: () => number;
};

/**
 * One of the organization's secrets for an event's bands, fetched from the cloud once per organization and
 * session (`fetch` asks the procedure and checks the answer) and kept in memory only: it never reaches the
 * renderer or a file. Offline before the first fetch, or signed out, it answers null.
 */
function cloudOrgSecret<T>(
  deps: CloudSecretDeps,
  fetch: (client: ReturnType<typeof createTRPCUntypedClient>, orgId: string) => Promise<T | null>,
): (eventId: string) => Promise<T | null> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const retryAfterMs = deps.retryAfterMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, T>();
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
      const answer = await fetch(client, orgId);
      if (answer !== null) cache.set(key, answer);
      return answer;
    } catch {
      if (key) failedAt.set(key, now());
      return null;
    }
  };
}

/**
 * The organization's NTAG secret (`trust.ntagSecret`, editors of that organization). Without it the station
 * encodes nothing (TAG_SECRET_UNAVAILABLE) rather than bands without a password, and a band that already
 * has one is refused (TAG_PROTECTED) rather than touched.
 */
export function createCloudTagSecrets(deps: CloudSecretDeps): TagSecretSource {
  return cloudOrgSecret(deps, async (client, orgId) => {
    const answer = (await client.query('trust.ntagSecret', { orgId })) as { ntagSecret?: unknown };
    return typeof answer.ntagSecret === 'string' && /^(?:[0-9a-f]{2}){16,}$/.test(answer.ntagSecret)
      ? answer.ntagSecret
      : null;
  });
}

/** The organization's NTAG 424 DNA master keys for an event's bands; null when unknown. */
export type SdmKeySource = (eventId: string) => Promise<OrgSdmKeys | null>;

/**
 * The organization's NTAG 424 DNA master keys, every version (`trust.sdmMasterKeys`, editors; each hand-out
 * is audited by the cloud). Asked when a station is set to encode for an event, so a desk that loses the
 * network afterwards still personalises 424 bands; never shown, never written to disk.
 */
export function createCloudSdmKeys(deps: CloudSecretDeps): SdmKeySource {
  return cloudOrgSecret(deps, async (client, orgId) => {
    const answer = (await client.query('trust.sdmMasterKeys', { orgId })) as {
      version?: unknown;
      versions?: Array<{ version?: unknown; key?: unknown }>;
    };
    const masterKeys = new Map<number, Uint8Array>();
    for (const { version, key } of answer.versions ?? []) {
      if (typeof version === 'number' && typeof key === 'string' && /^[0-9a-f]{32}$/.test(key)) {
        masterKeys.set(version, Buffer.from(key, 'hex'));
      }
    }
    return typeof answer.version === 'number' && masterKeys.has(answer.version)
      ? { version: answer.version, masterKeys }
      : null;
  });
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
  return askOnce(async () => {
    const hex = settings.ntagSecret !== undefined ? settings.ntagSecret : ((await source?.(eventId)) ?? null);
    return hex ? Buffer.from(hex, 'hex') : null;
  });
}

/** `ask`, called at most once, and only when first needed. */
export function askOnce<T>(ask: () => Promise<T>): () => Promise<T> {
  let asked: Promise<T> | null = null;
  return () => {
    asked ??= ask();
    return asked;
  };
}
