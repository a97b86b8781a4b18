import { z } from 'zod';
import { createSecretFile, type StringCipher } from '../session/encrypted-file.ts';

const version = z.number().int().min(1).max(255);

/**
 * The organization's NTAG21x password secret, every version, as the cloud hands it out (`trust.ntagSecret`):
 * bands written before a rotation are opened with their own version.
 */
export const NtagSecretWire = z.object({
  version,
  versions: z.array(z.object({ version, ntagSecret: z.string().regex(/^(?:[0-9a-f]{2}){16,}$/) })).max(255),
});

/** The organization's NTAG 424 DNA master keys, every version, as the cloud hands them out (`trust.sdmMasterKeys`). */
export const SdmKeysWire = z.object({
  version,
  versions: z.array(z.object({ version, key: z.string().regex(/^[0-9a-f]{32}$/) })).max(255),
});

const OrgSecrets = z.object({
  // What a desk kept before NTAG secrets had versions is dropped (fetched again online), not the whole file.
  ntag: NtagSecretWire.optional().catch(undefined),
  sdm: SdmKeysWire.optional(),
});
export type OrgSecrets = z.infer<typeof OrgSecrets>;
export type OrgSecretKind = keyof OrgSecrets;

/** Secrets by `cloudUrl orgId`: a new sign-in of the same person (a new token) finds them again offline. */
const Kept = z.record(z.string(), OrgSecrets);

/**
 * The organization secrets a desk was handed, kept so that it still encodes protected bands after a restart
 * with the venue's network down. In one file encrypted with the OS's key store (like the session token), in
 * memory only where there is none; never sent to the renderer. The newest hand-out replaces what was kept
 * (a rotation), a refusal by the cloud forgets it, sign-out forgets everything.
 */
export interface OrgSecretStore {
  get<K extends OrgSecretKind>(cloudUrl: string, orgId: string, kind: K): Promise<OrgSecrets[K] | null>;
  put<K extends OrgSecretKind>(
    cloudUrl: string,
    orgId: string,
    kind: K,
    value: NonNullable<OrgSecrets[K]>,
  ): Promise<void>;
  forget(cloudUrl: string, orgId: string, kind: OrgSecretKind): Promise<void>;
  clear(): Promise<void>;
}

/** `disk` null: memory only (browser mode). */
export function createOrgSecretStore(disk: { file: string; cipher: StringCipher } | null): OrgSecretStore {
  const file = createSecretFile(Kept, disk);
  // Changes run one after another: two stations' fetches must not lose each other's read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => {});
    return next;
  };
  const change = (cloudUrl: string, orgId: string, edit: (secrets: OrgSecrets) => OrgSecrets) =>
    serial(async () => {
      const kept = (await file.load()) ?? {};
      const key = `${cloudUrl} ${orgId}`;
      const secrets = edit(kept[key] ?? {});
      if (secrets.ntag || secrets.sdm) kept[key] = secrets;
      else delete kept[key];
      await file.save(kept);
    });
  return {
    get: (cloudUrl, orgId, kind) => serial(async () => (await file.load())?.[`${cloudUrl} ${orgId}`]?.[kind] ?? null),
    put: (cloudUrl, orgId, kind, value) => change(cloudUrl, orgId, (secrets) => ({ ...secrets, [kind]: value })),
    forget: (cloudUrl, orgId, kind) => change(cloudUrl, orgId, ({ [kind]: _, ...rest }) => rest),
    clear: () => serial(() => file.clear()),
  };
}
