/**
 * Envelope encryption of small secrets at rest (organization tag secrets): each secret gets its own
 * random data key (AES-256-GCM), and that data key is wrapped with a key-encryption key from the
 * environment (`SECRETS_KEYS`, see config.ts). A database dump alone opens nothing.
 *
 * Every seal is bound to a context string (`aad`, e.g. organization, kind and version): a sealed value
 * copied onto another row does not open there. Rotating the key-encryption key re-wraps only the data
 * key (`rewrap`); the secret's ciphertext stays as it is.
 *
 * Layout of a sealed value: `01 | wrapIv(12) | wrapTag(16) | wrappedKey(32) | iv(12) | tag(16) | ciphertext`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretKeyring {
  /** The id new seals are wrapped under (stored beside each sealed value). */
  readonly currentId: string;
  /** Every key-encryption key that may still open a stored value, 32 bytes each, by id. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

export interface Sealed {
  readonly keyId: string;
  readonly sealed: Buffer;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const FORMAT = 1;
const IV = 12;
const TAG = 16;
const KEY = 32;
const HEADER = 1 + IV + TAG + KEY;

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function gcmOpen(key: Buffer, box: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV)).setAAD(aad);
  decipher.setAuthTag(box.subarray(IV, IV + TAG));
  try {
    return Buffer.concat([decipher.update(box.subarray(IV + TAG)), decipher.final()]);
  } catch {
    throw new SecretBoxError('sealed secret does not open: wrong key, wrong row or tampered');
  }
}

export interface SecretBox {
  readonly currentKeyId: string;
  seal(plaintext: Buffer, aad: string): Sealed;
  open(value: Sealed, aad: string): Buffer;
  /** The same secret and data key, wrapped under the current key-encryption key. */
  rewrap(value: Sealed, aad: string): Sealed;
}

export function createSecretBox(keyring: SecretKeyring): SecretBox {
  const kek = (id: string): Buffer => {
    const key = keyring.keys.get(id);
    if (!key) throw new SecretBoxError(`no key-encryption key "${id}" in SECRETS_KEYS`);
    return key;
  };
  const wrapAad = (keyId: string, aad: string) => Buffer.from(`${keyId}\0${aad}`, 'utf8');
  const wrap = (dataKey: Buffer, aad: string): Buffer =>
    gcmSeal(kek(keyring.currentId), dataKey, wrapAad(keyring.currentId, aad));
  const unwrap = ({ keyId, sealed }: Sealed, aad: string): Buffer => {
    if (sealed.length < HEADER + IV + TAG || sealed[0] !== FORMAT) throw new SecretBoxError('not a sealed secret');
    return gcmOpen(kek(keyId), sealed.subarray(1, HEADER), wrapAad(keyId, aad));
  };
  return {
    currentKeyId: keyring.currentId,
    seal(plaintext, aad) {
      const dataKey = randomBytes(KEY);
      const body = gcmSeal(dataKey, plaintext, Buffer.from(aad, 'utf8'));
      return { keyId: keyring.currentId, sealed: Buffer.concat([Buffer.of(FORMAT), wrap(dataKey, aad), body]) };
    },
    open(value, aad) {
      const dataKey = unwrap(value, aad);
      return gcmOpen(dataKey, value.sealed.subarray(HEADER), Buffer.from(aad, 'utf8'));
    },
    rewrap(value, aad) {
      const dataKey = unwrap(value, aad);
      const sealed = Buffer.concat([Buffer.of(FORMAT), wrap(dataKey, aad), value.sealed.subarray(HEADER)]);
      return { keyId: keyring.currentId, sealed };
    },
  };
}
