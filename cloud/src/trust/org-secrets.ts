/**
 * The organizations' tag secrets (docs/secrets.md): the NTAG21x password secret (`NTAG21X`, 32 bytes,
 * `deriveNtagPassword(hmac, secret, uid)`) and the NTAG 424 DNA master key (`NTAG424`, 16 bytes,
 * `sdmKeysFor(secret)`). Each kind has versions: version 1 is created (random) on first use, `rotate`
 * adds the next one, and a band keeps the version it was written with (`bands.secret_version`) until it
 * is encoded again. Stored sealed (`SecretBox`, envelope encryption); only this module opens them.
 */
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box.ts';

/** Runs one parameterised statement (`?` placeholders), as MikroORM's connection `execute` does. */
export type Execute = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export type OrgSecretKind = 'NTAG21X' | 'NTAG424';

export interface OrgSecret {
  readonly version: number;
  readonly secret: Buffer;
}

const SIZE: Record<OrgSecretKind, number> = { NTAG21X: 32, NTAG424: 16 };

/** The key id of rows the migration copied from the old plaintext table; `sealOrgSecrets` seals them. */
const PLAINTEXT = 'plaintext';

interface Row {
  org_id: string;
  kind: OrgSecretKind;
  version: number;
  key_id: string;
  sealed: Buffer;
}

/** What a sealed row is bound to: the same bytes on another organization, kind or version do not open. */
export const secretContext = (orgId: string, kind: OrgSecretKind, version: number) =>
  `org-secret:${orgId}:${kind}:${version}`;

export function openOrgSecret(box: SecretBox, row: Row): OrgSecret {
  if (row.key_id === PLAINTEXT) throw new Error('org secret not sealed yet: the cloud seals them at start');
  const context = secretContext(row.org_id, row.kind, row.version);
  return { version: row.version, secret: box.open({ keyId: row.key_id, sealed: row.sealed }, context) };
}

const COLUMNS = 'org_id, kind, version, key_id, sealed';

async function insertVersion(
  execute: Execute,
  box: SecretBox,
  orgId: string,
  kind: OrgSecretKind,
  version: number,
): Promise<void> {
  const { keyId, sealed } = box.seal(randomBytes(SIZE[kind]), secretContext(orgId, kind, version));
  await execute(
    `insert into org_secrets (${COLUMNS}) values (?, ?, ?, ?, ?) on conflict (org_id, kind, version) do nothing`,
    [orgId, kind, version, keyId, sealed],
  );
}

/**
 * The organization's current secret of a kind (the highest version), version 1 created on first use.
 * Concurrent first uses agree: the insert does nothing when another one won, and both read the winner.
 */
export async function currentOrgSecret(
  execute: Execute,
  box: SecretBox,
  orgId: string,
  kind: OrgSecretKind,
): Promise<OrgSecret> {
  const latest = `select ${COLUMNS} from org_secrets where org_id = ? and kind = ? order by version desc limit 1`;
  let [row] = await execute<Row>(latest, [orgId, kind]);
  if (!row) {
    await insertVersion(execute, box, orgId, kind, 1);
    [row] = await execute<Row>(latest, [orgId, kind]);
  }
  if (!row) throw new Error(`no ${kind} secret for organization ${orgId}`);
  return openOrgSecret(box, row);
}

/** Every version of the organization's secret of a kind, oldest first (opening bands written before). */
export async function orgSecretVersions(
  execute: Execute,
  box: SecretBox,
  orgId: string,
  kind: OrgSecretKind,
): Promise<OrgSecret[]> {
  await currentOrgSecret(execute, box, orgId, kind);
  const rows = await execute<Row>(`select ${COLUMNS} from org_secrets where org_id = ? and kind = ? order by version`, [
    orgId,
    kind,
  ]);
  return rows.map((row) => openOrgSecret(box, row));
}

/**
 * Adds the next version, which becomes current (e.g. after an editor who saw the secret left). Bands
 * written before keep working with their version; encoding one again moves it to the new one.
 * Rotations at once never fail: each makes the next version or agrees with one that did.
 */
export async function rotateOrgSecret(
  execute: Execute,
  box: SecretBox,
  orgId: string,
  kind: OrgSecretKind,
): Promise<OrgSecret> {
  const { version } = await currentOrgSecret(execute, box, orgId, kind);
  await insertVersion(execute, box, orgId, kind, version + 1);
  return currentOrgSecret(execute, box, orgId, kind);
}

export interface SealReport {
  /** Rows sealed or re-wrapped under the current key. */
  readonly changed: number;
  /** Rows no key of the keyring opens (a wrong SECRETS_KEYS, a tampered row): left as they are. */
  readonly unreadable: ReadonlyArray<{ orgId: string; kind: OrgSecretKind; version: number }>;
}

/**
 * At start: seals the rows still in plaintext (copied by the migration from before encryption) and
 * re-wraps those under an older key-encryption key with the current one (a key rotation). Each row is
 * updated only if still as read, so instances starting together do not undo each other. A row that does
 * not open is reported, not fatal: one bad row must not keep every organization's taps from starting.
 */
export async function sealOrgSecrets(execute: Execute, box: SecretBox): Promise<SealReport> {
  const rows = await execute<Row>(`select ${COLUMNS} from org_secrets where key_id <> ?`, [box.currentKeyId]);
  let changed = 0;
  const unreadable: Array<{ orgId: string; kind: OrgSecretKind; version: number }> = [];
  for (const row of rows) {
    const context = secretContext(row.org_id, row.kind, row.version);
    let next: { keyId: string; sealed: Buffer };
    try {
      next =
        row.key_id === PLAINTEXT
          ? box.seal(row.sealed, context)
          : box.rewrap({ keyId: row.key_id, sealed: row.sealed }, context);
    } catch {
      unreadable.push({ orgId: row.org_id, kind: row.kind, version: row.version });
      continue;
    }
    const updated = await execute(
      `update org_secrets set key_id = ?, sealed = ?
        where org_id = ? and kind = ? and version = ? and key_id = ? returning 1`,
      [next.keyId, next.sealed, row.org_id, row.kind, row.version, row.key_id],
    );
    changed += updated.length;
  }
  return { changed, unreadable };
}
