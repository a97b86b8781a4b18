import { createCipheriv } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { decryptBlockCached } from './aes-cmac.ts';
import { sdmKeysFor } from './sdm-keys.ts';
import {
  decryptPiccData,
  type SunKeys,
  sdmMac,
  sdmSessionMacKey,
  sunMirror,
  verifyPlainSun,
  verifySun,
} from './sun.ts';

const hex = (text: string) => Buffer.from(text, 'hex');
const ZERO_KEY = Buffer.alloc(16);
const zeroKeys: SunKeys = { metaReadKey: ZERO_KEY, fileReadKey: () => ZERO_KEY };

describe('NTAG 424 DNA SUN, NXP AN12196 examples', () => {
  test('§ SUN with PICCData and SDMMAC (e=EF96…, c=94EE…) decrypts to UID 04DE5F1EACC040, counter 61', () => {
    expect(verifySun({ piccData: 'EF963FF7828658A599F3041510671E88', mac: '94EED9EE65337086' }, zeroKeys)).toEqual({
      ok: true,
      uid: '04DE5F1EACC040',
      counter: 61,
    });
  });

  test('the PICCData tag byte is C7: UID and counter mirrored, 7-byte UID', () => {
    const data = decryptPiccData(ZERO_KEY, hex('EF963FF7828658A599F3041510671E88'));
    expect(data?.tag).toBe(0xc7);
    expect(data?.counterBytes.toString('hex')).toBe('3d0000');
  });

  test('the session MAC key and the truncated MAC are those of the example', () => {
    const uid = hex('04DE5F1EACC040');
    const ctr = hex('3D0000');
    expect(sdmSessionMacKey(ZERO_KEY, uid, ctr).toString('hex').toUpperCase()).toBe('3FB5F6E3A807A03D5E3570ACE393776F');
    expect(sdmMac(ZERO_KEY, uid, ctr, new Uint8Array()).toString('hex').toUpperCase()).toBe('94EED9EE65337086');
  });

  test('§ SUN with encrypted file data (picc_data=FD91…, enc=CEE9…, cmac=ECC1…) decrypts and authenticates', () => {
    const result = verifySun(
      {
        piccData: 'FD91EC264309878BE6345CBE53BADF40',
        encFileData: 'CEE9A53E3E463EF1F459635736738962',
        mac: 'ECC1E7F6C6C73BF6',
        macInput: 'CEE9A53E3E463EF1F459635736738962&cmac=',
      },
      zeroKeys,
    );
    expect(result).toEqual({ ok: true, uid: '04958CAA5C5E80', counter: 8, fileData: Buffer.from('xxxxxxxxxxxxxxxx') });
  });

  test('a plain (unencrypted) SUN: UID 041E3C8A2D6B80, counter 000006, MAC 4B00064004B0B3D3', () => {
    expect(verifyPlainSun('041E3C8A2D6B80', '000006', '4B00064004B0B3D3', ZERO_KEY)).toEqual({
      ok: true,
      uid: '041E3C8A2D6B80',
      counter: 6,
    });
    expect(verifyPlainSun('041E3C8A2D6B80', '000006', 'AB00064004B0B3AB', ZERO_KEY)).toMatchObject({
      ok: false,
      failure: 'MAC_MISMATCH',
    });
  });

  test('the tag side (sunMirror) reproduces the example from its UID, counter and padding', () => {
    const padding = decryptBlockCached(ZERO_KEY, hex('EF963FF7828658A599F3041510671E88')).subarray(11);
    expect(sunMirror({ metaReadKey: ZERO_KEY, fileReadKey: ZERO_KEY }, hex('04DE5F1EACC040'), 61, padding)).toEqual({
      piccData: 'EF963FF7828658A599F3041510671E88',
      mac: '94EED9EE65337086',
    });
  });

  test('accepts lower-case hex as phones may normalise it', () => {
    expect(
      verifySun({ piccData: 'ef963ff7828658a599f3041510671e88', mac: '94eed9ee65337086' }, zeroKeys),
    ).toMatchObject({
      ok: true,
      counter: 61,
    });
  });
});

describe('verifySun classifies what it cannot trust', () => {
  const good = { piccData: 'EF963FF7828658A599F3041510671E88', mac: '94EED9EE65337086' };
  test.each([
    ['PICCData too short', { ...good, piccData: 'EF963FF7828658A599F3041510671E' }, 'PICC_NOT_HEX'],
    ['PICCData not hex', { ...good, piccData: 'ZZ963FF7828658A599F3041510671E88' }, 'PICC_NOT_HEX'],
    ['PICCData empty', { ...good, piccData: '' }, 'PICC_NOT_HEX'],
    ['MAC too long', { ...good, mac: '94EED9EE6533708600' }, 'MAC_NOT_HEX'],
    ['MAC not hex', { ...good, mac: '94EED9EE6533708G' }, 'MAC_NOT_HEX'],
    ['file data not whole blocks', { ...good, encFileData: 'CEE9A53E' }, 'ENC_NOT_HEX'],
    ['MAC of another message', { ...good, mac: 'ECC1E7F6C6C73BF6' }, 'MAC_MISMATCH'],
    ['one bit flipped in the MAC', { ...good, mac: '94EED9EE65337087' }, 'MAC_MISMATCH'],
    ['MAC input that the tag did not MAC', { ...good, macInput: 'x' }, 'MAC_MISMATCH'],
  ])('%s → %s', (_case, message, failure) => {
    expect(verifySun(message, zeroKeys)).toMatchObject({ ok: false, failure });
  });

  test('PICCData under another meta-read key does not decrypt to a valid tag', () => {
    const otherKey = hex('00112233445566778899AABBCCDDEEFF');
    expect(verifySun(good, { metaReadKey: otherKey, fileReadKey: () => ZERO_KEY })).toEqual({
      ok: false,
      failure: 'PICC_TAG_UNSUPPORTED',
    });
  });

  test('a MAC under another band’s file-read key fails, reporting the UID and counter it carried', () => {
    expect(verifySun(good, { metaReadKey: ZERO_KEY, fileReadKey: () => Buffer.alloc(16, 1) })).toEqual({
      ok: false,
      failure: 'MAC_MISMATCH',
      uid: '04DE5F1EACC040',
      counter: 61,
    });
  });
});

describe('SparkMotion per-band SDM keys', () => {
  const master = hex('C9EB67DF090AFF47C3B19A2516680B9D');
  const uidA = hex('04DE5F1EACC040');
  const uidB = hex('04958CAA5C5E80');

  test('give each band its own file-read key and the org one meta-read key', () => {
    const keys = sdmKeysFor(master);
    expect(keys.fileReadKey(uidA).equals(keys.fileReadKey(uidB))).toBe(false);
    expect(keys.metaReadKey.equals(sdmKeysFor(master).metaReadKey)).toBe(true);
    expect(keys.metaReadKey.equals(sdmKeysFor(hex('00112233445566778899AABBCCDDEEFF')).metaReadKey)).toBe(false);
  });

  test('verify a message a band keyed this way would send, and reject it under another org', () => {
    const keys = sdmKeysFor(master);
    const counterBytes = hex('2A0000');
    const mac = sdmMac(keys.fileReadKey(uidA), uidA, counterBytes, new Uint8Array()).toString('hex');
    // Build the PICCData the tag would encrypt: C7 || UID || counter || padding.
    const cipher = createCipheriv('aes-128-cbc', keys.metaReadKey, Buffer.alloc(16));
    cipher.setAutoPadding(false);
    const plain = Buffer.concat([Buffer.of(0xc7), uidA, counterBytes, hex('A1B2C3D4E5')]);
    const piccData = cipher.update(plain).toString('hex');
    expect(verifySun({ piccData, mac }, keys)).toEqual({ ok: true, uid: '04DE5F1EACC040', counter: 42 });
    expect(verifySun({ piccData, mac }, sdmKeysFor(hex('00112233445566778899AABBCCDDEEFF'))).ok).toBe(false);
  });

  test('refuse a master key or UID of the wrong size', () => {
    expect(() => sdmKeysFor(Buffer.alloc(15))).toThrow(RangeError);
    expect(() => sdmKeysFor(master).fileReadKey(Buffer.alloc(4))).toThrow(RangeError);
  });
});
