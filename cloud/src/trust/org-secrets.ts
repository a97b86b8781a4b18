import { randomBytes } from 'node:crypto';

/** Runs one parameterised statement (`?` placeholders), as MikroORM's connection `execute` does. */
export type Execute = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export interface OrgTagSecrets {
  /** The NTAG21x password secret (32 bytes): `deriveNtagPassword(hmac, ntagSecret, uid)`. */
  readonly ntagSecret: Buffer;
  /** The NTAG 424 DNA master key (16 bytes): `sdmKeysFor(sdmMasterKey)`. Never leaves the cloud. */
  readonly sdmMasterKey: Buffer;
}

/**
 * The organization's tag secrets, created (random, once) on first use. Concurrent first uses agree: the
 * insert does nothing when another one won, and both read the winner.
 */
export async function orgTagSecrets(execute: Execute, orgId: string): Promise<OrgTagSecrets> {
  await execute(
    `insert into org_tag_secrets (org_id, ntag_secret, sdm_master_key) values (?, ?, ?) on conflict (org_id) do nothing`,
    [orgId, randomBytes(32), randomBytes(16)],
  );
  const [row] = await execute<{ ntag_secret: Buffer; sdm_master_key: Buffer }>(
    'select ntag_secret, sdm_master_key from org_tag_secrets where org_id = ?',
    [orgId],
  );
  if (!row) throw new Error(`no tag secrets for organization ${orgId}`);
  return { ntagSecret: row.ntag_secret, sdmMasterKey: row.sdm_master_key };
}
