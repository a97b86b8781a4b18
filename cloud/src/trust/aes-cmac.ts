import { createCipheriv, timingSafeEqual } from 'node:crypto';

/**
 * AES-128 CMAC (NIST SP 800-38B, RFC 4493) on node:crypto's AES: one CBC pass over the message with
 * the last block XORed with a subkey. The building block of NTAG 424 DNA SUN verification and of
 * AN10922 key diversification. Keys are 16 bytes; everything else is plain bytes in, bytes out.
 */

export const AES_BLOCK = 16;
const ZERO_IV = Buffer.alloc(AES_BLOCK);
const RB = 0x87;

function assertKey(key: Uint8Array): void {
  if (key.length !== AES_BLOCK) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
}

/** AES-128 encryption of one block (ECB). */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  assertKey(key);
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return cipher.update(block);
}

/** Doubling in GF(2^128): shift left one bit, XOR 0x87 into the last byte when the top bit fell off. */
function double(block: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(AES_BLOCK);
  for (let i = 0; i < AES_BLOCK - 1; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >>> 7)) & 0xff;
  out[AES_BLOCK - 1] = (block[AES_BLOCK - 1]! << 1) & 0xff;
  if (block[0]! & 0x80) out[AES_BLOCK - 1]! ^= RB;
  return out;
}

/** The CMAC subkeys K1 (for a complete last block) and K2 (for a padded one). */
export function cmacSubkeys(key: Uint8Array): { k1: Buffer; k2: Buffer } {
  const k1 = double(aesEncryptBlock(key, ZERO_IV));
  return { k1, k2: double(k1) };
}

/**
 * CBC-MAC of `blocks` (a whole number of blocks, at least one) with `lastXor` XORed into the last
 * block: the common core of CMAC and AN10922.
 */
export function cbcMacLastXor(key: Uint8Array, blocks: Uint8Array, lastXor: Uint8Array): Buffer {
  assertKey(key);
  if (blocks.length === 0 || blocks.length % AES_BLOCK !== 0)
    throw new RangeError('CBC-MAC input must be whole blocks');
  const data = Buffer.from(blocks);
  const last = data.length - AES_BLOCK;
  for (let i = 0; i < AES_BLOCK; i++) data[last + i]! ^= lastXor[i]!;
  const cipher = createCipheriv('aes-128-cbc', key, ZERO_IV);
  cipher.setAutoPadding(false);
  return cipher.update(data).subarray(last);
}

/** Pads to a whole number of blocks with 0x80 00…; an empty message becomes one padded block. */
export function padIso9797m2(message: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  out.set(message);
  out[message.length] = 0x80;
  return out;
}

/** AES-128 CMAC of `message` (16 bytes). */
export function aesCmac(key: Uint8Array, message: Uint8Array): Buffer {
  const { k1, k2 } = cmacSubkeys(key);
  const complete = message.length > 0 && message.length % AES_BLOCK === 0;
  if (complete) return cbcMacLastXor(key, message, k1);
  const padded = padIso9797m2(message, (Math.floor(message.length / AES_BLOCK) + 1) * AES_BLOCK);
  return cbcMacLastXor(key, padded, k2);
}

/** Compares two MACs in constant time; false for different lengths. */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
