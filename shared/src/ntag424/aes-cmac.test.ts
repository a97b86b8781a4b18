import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { aesCmac, cachedAesKey, cmacSubkeys, decryptBlockCached, macEquals, prepareAesKey } from './aes-cmac.ts';
import { diversifyAes128 } from './an10922.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 4493 §4 test vectors (AES-128).
const RFC_KEY = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
const RFC_MESSAGE = hex(`
  6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51
  30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710`);

describe('AES-128 CMAC (RFC 4493)', () => {
  test('derives the subkeys K1 and K2', () => {
    const { k1, k2 } = cmacSubkeys(RFC_KEY);
    expect(k1.toString('hex')).toBe('fbeed618357133667c85e08f7236a8de');
    expect(k2.toString('hex')).toBe('f7ddac306ae266ccf90bc11ee46d513b');
  });

  test.each([
    ['example 1: empty message', 0, 'bb1d6929e95937287fa37d129b756746'],
    ['example 2: one whole block', 16, '070a16b46b4d4144f79bdd9dd04a287c'],
    ['example 3: 40 bytes, last block padded', 40, 'dfa66747de9ae63030ca32611497c827'],
    ['example 4: four whole blocks', 64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('%s', (_case, length, mac) => {
    expect(aesCmac(RFC_KEY, RFC_MESSAGE.subarray(0, length)).toString('hex')).toBe(mac);
  });

  test('refuses a key that is not 16 bytes', () => {
    expect(() => aesCmac(RFC_KEY.subarray(0, 15), RFC_MESSAGE)).toThrow(RangeError);
  });

  test('compares MACs of different lengths as different', () => {
    expect(macEquals(hex('0102'), hex('010203'))).toBe(false);
    expect(macEquals(hex('0102'), hex('0102'))).toBe(true);
    expect(macEquals(hex('0102'), hex('0103'))).toBe(false);
  });
});

describe('prepared keys agree with a one-shot CBC through OpenSSL', () => {
  /** CMAC the textbook way: pad, XOR the subkey into the last block, one CBC call. */
  function referenceCmac(key: Buffer, message: Buffer): Buffer {
    const { k1, k2 } = cmacSubkeys(key);
    const complete = message.length > 0 && message.length % 16 === 0;
    const blocks = complete ? Buffer.from(message) : Buffer.alloc((Math.floor(message.length / 16) + 1) * 16);
    if (!complete) {
      message.copy(blocks);
      blocks[message.length] = 0x80;
    }
    const last = blocks.length - 16;
    for (let i = 0; i < 16; i++) blocks[last + i]! ^= (complete ? k1 : k2)[i]!;
    const cipher = createCipheriv('aes-128-cbc', key, Buffer.alloc(16));
    cipher.setAutoPadding(false);
    return cipher.update(blocks).subarray(last);
  }

  test('for random keys and every message length from 0 to 80 bytes', () => {
    for (let length = 0; length <= 80; length++) {
      const key = randomBytes(16);
      const message = randomBytes(length);
      const expected = referenceCmac(key, message);
      expect(prepareAesKey(key).cmac(message)).toEqual(expected);
      // Twice through the cached key: the open cipher carries no state between messages.
      expect(cachedAesKey(key).cmac(message)).toEqual(expected);
      expect(cachedAesKey(key).cmac(message)).toEqual(expected);
    }
  });

  test('cached single-block decryption matches OpenSSL, again and again', () => {
    const key = randomBytes(16);
    for (let i = 0; i < 5; i++) {
      const block = randomBytes(16);
      const decipher = createDecipheriv('aes-128-ecb', key, null);
      decipher.setAutoPadding(false);
      expect(decryptBlockCached(key, block)).toEqual(decipher.update(block));
    }
  });
});

describe('AN10922 AES-128 key diversification', () => {
  // The note's worked example (§2.2.1): master key, UID, AID 3042F5, system identifier "NXP Abu".
  const master = hex('00112233445566778899AABBCCDDEEFF');
  const m = hex('04782E21801D80 3042F5 4E585020416275');

  test('has the note’s subkeys', () => {
    const { k1, k2 } = cmacSubkeys(master);
    expect(k1.toString('hex').toUpperCase()).toBe('FBC9F75C9413C041DFEE452D3F0706D1');
    expect(k2.toString('hex').toUpperCase()).toBe('F793EEB928278083BFDC8A5A7E0E0D25');
  });

  test('reproduces the published diversified key', () => {
    expect(diversifyAes128(master, m).toString('hex').toUpperCase()).toBe('A8DD63A3B89D54B37CA802473FDA9175');
  });

  test('pads short inputs to two blocks, unlike a plain CMAC of 01 || M', () => {
    const short = hex('04782E21801D80');
    expect(diversifyAes128(master, short).equals(aesCmac(master, Buffer.concat([Buffer.of(1), short])))).toBe(false);
    // From 16 bytes of D up, the two agree (same padding, same subkey).
    expect(diversifyAes128(master, m).equals(aesCmac(master, Buffer.concat([Buffer.of(1), m])))).toBe(true);
  });

  test('uses K1 without padding for a 31-byte input', () => {
    const full = Buffer.alloc(31, 0xaa);
    expect(diversifyAes128(master, full).equals(aesCmac(master, Buffer.concat([Buffer.of(1), full])))).toBe(true);
  });

  test.each([0, 32])('refuses a %i-byte input', (length) => {
    expect(() => diversifyAes128(master, Buffer.alloc(length))).toThrow(RangeError);
  });
});
