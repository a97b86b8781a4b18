import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const boxA = createSecretBox({ currentId: 'a', keys: new Map([['a', keyA]]) });
const boxBA = createSecretBox({
  currentId: 'b',
  keys: new Map([
    ['b', keyB],
    ['a', keyA],
  ]),
});

describe('secret box', () => {
  test('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const secret = randomBytes(32);
    const sealed = boxA.seal(secret, 'org:1');
    expect(sealed.keyId).toBe('a');
    expect(sealed.sealed.includes(secret)).toBe(false);
    expect(boxA.open(sealed, 'org:1').equals(secret)).toBe(true);
  });

  test('two seals of one secret differ (a fresh data key and IV each time)', () => {
    const secret = randomBytes(16);
    expect(boxA.seal(secret, 'x').sealed.equals(boxA.seal(secret, 'x').sealed)).toBe(false);
  });

  test.each([
    ['another context (a row copied onto another organization)', (s: Buffer) => s, 'org:2'],
    ['a flipped ciphertext bit', (s: Buffer) => Buffer.concat([s.subarray(0, -1), Buffer.of(s.at(-1)! ^ 1)]), 'org:1'],
    [
      'a flipped wrapped-key bit',
      (s: Buffer) => Buffer.concat([s.subarray(0, 40), Buffer.of(s[40]! ^ 1), s.subarray(41)]),
      'org:1',
    ],
    ['a truncated value', (s: Buffer) => s.subarray(0, 20), 'org:1'],
  ])('refuses to open with %s', (_name, tamper, context) => {
    const sealed = boxA.seal(randomBytes(32), 'org:1');
    expect(() => boxA.open({ keyId: 'a', sealed: tamper(sealed.sealed) }, context)).toThrow(SecretBoxError);
  });

  test('a key rotation re-wraps under the new key, and the old key alone no longer opens it', () => {
    const secret = randomBytes(32);
    const old = boxA.seal(secret, 'org:1');
    expect(boxBA.open(old, 'org:1').equals(secret)).toBe(true);
    const moved = boxBA.rewrap(old, 'org:1');
    expect(moved.keyId).toBe('b');
    expect(boxBA.open(moved, 'org:1').equals(secret)).toBe(true);
    expect(() => boxA.open(moved, 'org:1')).toThrow(/no key-encryption key "b"/);
  });
});
