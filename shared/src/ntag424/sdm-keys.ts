import { diversifyAes128 } from './an10922.ts';

/**
 * Per-band NTAG 424 DNA keys from one organization master key (16 bytes), by AN10922 AES-128
 * diversification. The diversification input is `key number || [UID] || "SparkMotion"`:
 *
 * - The SDM meta-read key (key 1) is NOT diversified by UID: it must decrypt PICCData before the
 *   cloud knows which UID is inside. One per organization; it only hides UID and counter.
 * - The SDM file-read key (key 2), which MACs every message, and the application master key
 *   (key 0), which changes the keys, are diversified by the UID: a key read out of one band
 *   forges nothing for any other band.
 *
 * The key numbers are the tag's own key slots, so the encoder writes key N into slot N.
 */
export const SDM_SYSTEM_IDENTIFIER = Buffer.from('SparkMotion', 'ascii');
export const SDM_KEY_APP_MASTER = 0;
export const SDM_KEY_META_READ = 1;
export const SDM_KEY_FILE_READ = 2;

function assertMaster(masterKey: Uint8Array): void {
  if (masterKey.length !== 16) throw new RangeError('The organization master key must be 16 bytes');
}

function assertUid(uid: Uint8Array): void {
  if (uid.length !== 7) throw new RangeError(`An NTAG 424 DNA UID is 7 bytes, got ${uid.length}`);
}

export function deriveSdmMetaReadKey(orgMasterKey: Uint8Array): Buffer {
  assertMaster(orgMasterKey);
  return diversifyAes128(orgMasterKey, Buffer.concat([Buffer.of(SDM_KEY_META_READ), SDM_SYSTEM_IDENTIFIER]));
}

export function deriveSdmBandKey(orgMasterKey: Uint8Array, keyNumber: 0 | 2, uid: Uint8Array): Buffer {
  assertMaster(orgMasterKey);
  assertUid(uid);
  return diversifyAes128(orgMasterKey, Buffer.concat([Buffer.of(keyNumber), uid, SDM_SYSTEM_IDENTIFIER]));
}

export const deriveSdmFileReadKey = (orgMasterKey: Uint8Array, uid: Uint8Array): Buffer =>
  deriveSdmBandKey(orgMasterKey, SDM_KEY_FILE_READ, uid);

/** The keys `verifySun` needs for one organization. */
export function sdmKeysFor(orgMasterKey: Uint8Array): {
  metaReadKey: Buffer;
  fileReadKey: (uid: Uint8Array) => Buffer;
} {
  const metaReadKey = deriveSdmMetaReadKey(orgMasterKey);
  return { metaReadKey, fileReadKey: (uid) => deriveSdmFileReadKey(orgMasterKey, uid) };
}
