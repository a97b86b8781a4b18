import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { deriveNtagPassword, type HmacSha256, ntagPasswordInput } from './password.ts';

const hmac: HmacSha256 = (key, data) => createHmac('sha256', key).update(data).digest();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const UID = Uint8Array.of(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6);

describe('deriveNtagPassword', () => {
  // Expected values computed independently with Python's hmac module.
  test.each([
    ['secret 00 01 … 1F', Uint8Array.from({ length: 32 }, (_, i) => i), 'eb79d0bf', 'c6ba'],
    ['secret 11 × 16', new Uint8Array(16).fill(0x11), '8cd4a238', 'c6b7'],
  ])('%s gives the independently computed PWD and PACK', (_case, secret, pwd, pack) => {
    const result = deriveNtagPassword(hmac, secret, UID);
    expect({ pwd: hex(result.pwd), pack: hex(result.pack) }).toEqual({ pwd, pack });
  });

  test('differs per UID and per organization', () => {
    const secret = new Uint8Array(32).fill(7);
    const other = Uint8Array.from(UID);
    other[6] = 0xf7;
    expect(hex(deriveNtagPassword(hmac, secret, UID).pwd)).not.toBe(hex(deriveNtagPassword(hmac, secret, other).pwd));
    expect(hex(deriveNtagPassword(hmac, secret, UID).pwd)).not.toBe(
      hex(deriveNtagPassword(hmac, new Uint8Array(32).fill(8), UID).pwd),
    );
  });

  test('the HMAC input is the versioned label, a zero byte, then the UID', () => {
    expect(Buffer.from(ntagPasswordInput(UID)).toString('latin1')).toBe(
      `sparkmotion/ntag21x-pwd/v1\u0000${Buffer.from(UID).toString('latin1')}`,
    );
  });

  test.each([
    ['a short secret', new Uint8Array(15), UID],
    ['a 4-byte UID', new Uint8Array(16), Uint8Array.of(1, 2, 3, 4)],
  ])('refuses %s', (_case, secret, uid) => {
    expect(() => deriveNtagPassword(hmac, secret, uid)).toThrow(RangeError);
  });
});
