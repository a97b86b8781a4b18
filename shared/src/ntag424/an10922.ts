import { AES_BLOCK, cachedAesKey, padIso9797m2 } from './aes-cmac.ts';

/**
 * NXP AN10922 "Symmetric key diversification", AES-128 variant (section 2.2): the diversified key
 * is the CMAC of `0x01 || M` under the master key, where the input is always padded to two blocks
 * (32 bytes): K1 when `M` is exactly 31 bytes (no padding), else 0x80 00… padding and K2. This
 * differs from a plain CMAC of `0x01 || M` when `M` is shorter than 16 bytes (CMAC would pad to one
 * block only), which is why it has its own function.
 *
 * `M` (1–31 bytes) is the diversification input: typically UID || application id || system
 * identifier, as in the note's own example.
 */
export const AN10922_AES128_CONSTANT = 0x01;

export function diversifyAes128(masterKey: Uint8Array, diversificationInput: Uint8Array): Buffer {
  const m = diversificationInput;
  if (m.length < 1 || m.length > 31) throw new RangeError(`AN10922 input must be 1–31 bytes, got ${m.length}`);
  const d = new Uint8Array(1 + m.length);
  d[0] = AN10922_AES128_CONSTANT;
  d.set(m, 1);
  // Master keys are few and long-lived: their prepared form is cached.
  const master = cachedAesKey(masterKey);
  return d.length === 2 * AES_BLOCK
    ? master.cbcMacLastXor(d, master.k1)
    : master.cbcMacLastXor(padIso9797m2(d, 2 * AES_BLOCK), master.k2);
}
