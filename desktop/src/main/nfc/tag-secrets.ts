import type { z } from 'zod';
import { type CloudClient, createCloudClient, toDomainError } from '../session/cloud-client.ts';
import type { SessionService } from '../session/session.service.ts';
import type { CloudSession } from '../session/session-store.ts';
import type { NtagSecrets } from './encode-session.ts';
import type { OrgSdmKeys } from './ntag424/personalise.ts';
import {
  NtagSecretWire,
  type OrgSecretKind,
  type OrgSecretStore,
  type OrgSecrets,
  SdmKeysWire,
} from './org-secret-store.ts';

/** The organization's NTAG password secret, every version, for the bands an event's station encodes; null when unknown. */
export type TagSecretSource = (eventId: string) => Promise<NtagSecrets | null>;

type CloudSecretDeps = {
  session: () => Promise<CloudSession>;
  orgOfEvent: (eventId: string) => Promise<string | null>;
  /** Where the desk keeps what it was handed, for encoding after a restart without the network. */
  kept: OrgSecretStore;
  /** Longest wait for the cloud: a desk offline must not stall encoding. */
  timeoutMs?: number;
  /** How long a failed fetch is not retried (each tap would wait for it otherwise). */
  retryAfterMs?: number;
  now?: () => number;
};

/** The cloud no longer hands this person the organization's secrets (not an editor any more, or no such org). */
const REFUSED = new Set(['FORBIDDEN', 'NOT_FOUND']);

/**
 * One of the organization's secrets for an event's bands, fetched from the cloud once per organization and
 * session and kept (`deps.kept`), never reaching the renderer. `ask` calls the procedure (its inferred answer
 * must fit what is kept), `wire` checks that answer at run time (the wire is a boundary), `use` turns it into
 * the secret. When the cloud cannot be reached, what the desk was handed before is used; when the cloud
 * refuses (no longer an editor), that is forgotten. Never handed one, or signed out: null.
 */
function cloudOrgSecret<K extends OrgSecretKind, T>(
  deps: CloudSecretDeps,
  kind: K,
  ask: (client: CloudClient, orgId: string) => Promise<NonNullable<OrgSecrets[K]>>,
  wire: z.ZodType<NonNullable<OrgSecrets[K]>>,
  use: (secret: NonNullable<OrgSecrets[K]>) => T | null,
): (eventId: string) => Promise<T | null> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const retryAfterMs = deps.retryAfterMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const fetched = new Map<string, T | null>();
  const failedAt = new Map<string, number>();
  const kept = async (cloudUrl: string, orgId: string) => {
    const secret = await deps.kept.get(cloudUrl, orgId, kind);
    return secret ? use(secret) : null;
  };
  return async (eventId) => {
    let session: CloudSession;
    let orgId: string | null;
    try {
      orgId = await deps.orgOfEvent(eventId);
      if (!orgId) return null;
      session = await deps.session();
    } catch {
      return null;
    }
    const { cloudUrl, token } = session;
    const key = `${cloudUrl} ${token} ${orgId}`;
    if (fetched.has(key)) return fetched.get(key) ?? null;
    if (now() - (failedAt.get(key) ?? Number.NEGATIVE_INFINITY) < retryAfterMs) return kept(cloudUrl, orgId);
    let answer: unknown;
    try {
      answer = await ask(createCloudClient({ cloudUrl, token, timeoutMs }), orgId);
    } catch (error) {
      failedAt.set(key, now());
      if (!REFUSED.has(toDomainError(error, cloudUrl).code)) return kept(cloudUrl, orgId);
      await deps.kept.forget(cloudUrl, orgId, kind).catch(() => {});
      return null;
    }
    const parsed = wire.safeParse(answer);
    const secret = parsed.success ? use(parsed.data) : null;
    // A desk that cannot write its file still encodes with the secret until it restarts.
    if (parsed.success && secret !== null) await deps.kept.put(cloudUrl, orgId, kind, parsed.data).catch(() => {});
    fetched.set(key, secret);
    return secret;
  };
}

/**
 * The organization's NTAG secret, every version (`trust.ntagSecret`, editors of that organization): bands are
 * written with the current one, bands written before a rotation opened with theirs, offline too. Without it
 * the station encodes nothing (TAG_SECRET_UNAVAILABLE) rather than bands without a password, and a band that
 * already has one is refused (TAG_PROTECTED) rather than touched.
 */
export function createCloudTagSecrets(deps: CloudSecretDeps): TagSecretSource {
  return cloudOrgSecret(
    deps,
    'ntag',
    (client, orgId) => client.trust.ntagSecret.query({ orgId }),
    NtagSecretWire,
    ({ version, versions }) => {
      const secrets = byVersion(versions.map((v) => [v.version, v.ntagSecret]));
      return secrets.has(version) ? { version, secrets } : null;
    },
  );
}

/** The organization's NTAG 424 DNA master keys for an event's bands; null when unknown. */
export type SdmKeySource = (eventId: string) => Promise<OrgSdmKeys | null>;

/**
 * The organization's NTAG 424 DNA master keys, every version (`trust.sdmMasterKeys`, editors; each hand-out
 * is audited by the cloud). Asked when a station is set to encode for an event, so a desk that loses the
 * network afterwards, or restarts without it, still personalises 424 bands; never shown.
 */
export function createCloudSdmKeys(deps: CloudSecretDeps): SdmKeySource {
  return cloudOrgSecret(
    deps,
    'sdm',
    (client, orgId) => client.trust.sdmMasterKeys.query({ orgId }),
    SdmKeysWire,
    ({ version, versions }) => {
      const masterKeys = byVersion(versions.map((v) => [v.version, v.key]));
      return masterKeys.has(version) ? { version, masterKeys } : null;
    },
  );
}

/** Secrets by version, from the hex the cloud hands out. */
const byVersion = (hex: [number, string][]): Map<number, Uint8Array> =>
  new Map(hex.map(([version, secret]) => [version, Buffer.from(secret, 'hex')]));

/**
 * Both of the organization's secrets for the desk's stations, from the signed-in session; signing out forgets
 * every secret the desk kept.
 */
export function createCloudOrgSecrets(
  deps: Omit<CloudSecretDeps, 'session'> & { session: Pick<SessionService, 'require' | 'onChange'> },
) {
  deps.session.onChange((signedIn) => {
    if (!signedIn) void deps.kept.clear();
  });
  const cloud = { ...deps, session: () => deps.session.require() };
  return { tagSecret: createCloudTagSecrets(cloud), sdmKeys: createCloudSdmKeys(cloud) };
}

/**
 * The organization's NTAG secret for one tap's encoding, asked at most once and only when the tag family
 * needs it: from the settings when they carry one (tests, a desk configured by hand: its only version, 1),
 * else from `source`.
 */
export function secretForTap(
  settings: { ntagSecret?: string | null },
  source: TagSecretSource | undefined,
  eventId: string,
): () => Promise<NtagSecrets | null> {
  return askOnce(async () => {
    if (settings.ntagSecret === undefined) return (await source?.(eventId)) ?? null;
    return settings.ntagSecret ? { version: 1, secrets: byVersion([[1, settings.ntagSecret]]) } : null;
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
