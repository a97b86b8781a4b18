import { type Cipheriv, createCipheriv, createDecipheriv, type Decipheriv, timingSafeEqual } from 'node:crypto';

/**
 * AES-128 CMAC (NIST SP 800-38B, RFC 4493) on node:crypto's AES: CBC over the message with the
 * last block XORed with a subkey. The building block of NTAG 424 DNA SUN verification and of
 * AN10922 key diversification.
 *
 * Cost: creating a node:crypto cipher costs ~18 µs of CPU here (OpenSSL 3 fetches the algorithm
 * each time) while one more block through an existing ECB cipher costs ~1 µs. So a key is
 * "prepared" once — one ECB cipher object kept open (ECB has no state between blocks, so `update`
 * can go on for ever) plus its subkeys — and CBC is chained in JS. Long-lived keys (an
 * organization's master and meta-read keys, a band's file-read key) are memoised in a small
 * bounded cache; a per-tap session key is prepared once and dropped.
 */

export const AES_BLOCK = 16;
const ZERO_BLOCK = Buffer.alloc(AES_BLOCK);
const RB = 0x87;

function assertKey(key: Uint8Array): void {
  if (key.length !== AES_BLOCK) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
}

/** Doubling in GF(2^128): shift left one bit, XOR 0x87 into the last byte when the top bit fell off. */
function double(block: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(AES_BLOCK);
  for (let i = 0; i < AES_BLOCK - 1; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >>> 7)) & 0xff;
  out[AES_BLOCK - 1] = (block[AES_BLOCK - 1]! << 1) & 0xff;
  if (block[0]! & 0x80) out[AES_BLOCK - 1]! ^= RB;
  return out;
}

export interface PreparedAesKey {
  /** AES-128 encryption of one 16-byte block. */
  readonly encryptBlock: (block: Uint8Array) => Buffer;
  /** CMAC subkey for a complete last block. */
  readonly k1: Buffer;
  /** CMAC subkey for a padded last block. */
  readonly k2: Buffer;
  /** CBC-MAC of whole blocks with `lastXor` XORed into the last block. */
  readonly cbcMacLastXor: (blocks: Uint8Array, lastXor: Uint8Array) => Buffer;
  /** AES-128 CMAC of any message. */
  readonly cmac: (message: Uint8Array) => Buffer;
}

/** Pads to `length` bytes with 0x80 00… (ISO/IEC 9797-1 method 2). */
export function padIso9797m2(message: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  out.set(message);
  out[message.length] = 0x80;
  return out;
}

/** Prepares a key for many blocks: one cipher object, subkeys computed once. Not memoised. */
export function prepareAesKey(key: Uint8Array): PreparedAesKey {
  assertKey(key);
  const ecb: Cipheriv = createCipheriv('aes-128-ecb', key, null);
  ecb.setAutoPadding(false);
  const encryptBlock = (block: Uint8Array): Buffer => {
    if (block.length !== AES_BLOCK) throw new RangeError('AES works on 16-byte blocks');
    return ecb.update(block);
  };
  const k1 = double(encryptBlock(ZERO_BLOCK));
  const k2 = double(k1);
  const cbcMacLastXor = (blocks: Uint8Array, lastXor: Uint8Array): Buffer => {
    if (blocks.length === 0 || blocks.length % AES_BLOCK !== 0)
      throw new RangeError('CBC-MAC input must be whole blocks');
    const x = Buffer.alloc(AES_BLOCK);
    let state: Buffer = x;
    const last = blocks.length - AES_BLOCK;
    for (let offset = 0; offset <= last; offset += AES_BLOCK) {
      for (let i = 0; i < AES_BLOCK; i++) {
        x[i] = state[i]! ^ blocks[offset + i]! ^ (offset === last ? lastXor[i]! : 0);
      }
      state = encryptBlock(x);
    }
    return state;
  };
  const cmac = (message: Uint8Array): Buffer => {
    if (message.length > 0 && message.length % AES_BLOCK === 0) return cbcMacLastXor(message, k1);
    return cbcMacLastXor(padIso9797m2(message, (Math.floor(message.length / AES_BLOCK) + 1) * AES_BLOCK), k2);
  };
  return { encryptBlock, k1, k2, cbcMacLastXor, cmac };
}

const CACHE_LIMIT = 4096;
const prepared = new Map<string, PreparedAesKey>();
const decipherers = new Map<string, Decipheriv>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** A prepared key from a bounded process-wide cache: for keys used again and again. */
export const cachedAesKey = (key: Uint8Array): PreparedAesKey =>
  remember(prepared, Buffer.from(key).toString('hex'), () => prepareAesKey(key));

/** AES-128 decryption of one block under a cached key (ECB: CBC with a zero IV for one block). */
export function decryptBlockCached(key: Uint8Array, block: Uint8Array): Buffer {
  assertKey(key);
  if (block.length !== AES_BLOCK) throw new RangeError('AES works on 16-byte blocks');
  const decipher = remember(decipherers, Buffer.from(key).toString('hex'), () => {
    const d = createDecipheriv('aes-128-ecb', key, null);
    d.setAutoPadding(false);
    return d;
  });
  return decipher.update(block);
}

/** AES-128 encryption of one block (prepares the key on the spot: for one-off use). */
export const aesEncryptBlock = (key: Uint8Array, block: Uint8Array): Buffer => prepareAesKey(key).encryptBlock(block);

/** The CMAC subkeys K1 and K2 of a key. */
export function cmacSubkeys(key: Uint8Array): { k1: Buffer; k2: Buffer } {
  const { k1, k2 } = prepareAesKey(key);
  return { k1, k2 };
}

/** AES-128 CMAC of `message` (16 bytes) under a one-off key. */
export const aesCmac = (key: Uint8Array, message: Uint8Array): Buffer => prepareAesKey(key).cmac(message);

/** Compares two MACs in constant time; false for different lengths. */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
