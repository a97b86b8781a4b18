import { createCipheriv } from 'node:crypto';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { sdmMac } from '@sparkmotion/shared/ntag424/sun';
import { describe, expect, test } from 'vitest';
import { checkTap, counterVerdict, MAX_COUNTER_STEP, stepCounter, type TrustBand } from './tap-trust.ts';

const q = (query: string) => new URLSearchParams(query);
const mirrored: TrustBand = { trust: 'NTAG21X_MIRROR', uid: '04A1B2C3D4E5F6' };

describe('checkTap for NTAG21x mirror bands', () => {
  test.each([
    [
      'the band’s UID and a counter: decided by the counter',
      'bandId=x&m=04A1B2C3D4E5F6x00002A',
      { final: false, uid: '04A1B2C3D4E5F6', counter: 42 },
    ],
    [
      'lower-case registered UID still matches',
      'm=04a1b2c3d4e5f6x000001',
      { final: false, uid: '04A1B2C3D4E5F6', counter: 1 },
    ],
    ['a static URL without m=', 'bandId=x', { final: true, verdict: 'COPIED', reason: 'NO_EVIDENCE' }],
    [
      'the unmirrored placeholder',
      'm=00000000000000x000000',
      { final: true, verdict: 'COPIED', reason: 'PLACEHOLDER' },
    ],
    ['another tag’s UID', 'm=04FFFFFFFFFFFFx00002A', { final: true, verdict: 'COPIED', reason: 'UID_MISMATCH' }],
    [
      'a truncated value',
      'm=04A1B2C3D4E5F6x0000',
      { final: true, verdict: 'COPIED', reason: 'MALFORMED', detail: 'LENGTH' },
    ],
    [
      'two values',
      'm=04A1B2C3D4E5F6x000001&m=04A1B2C3D4E5F6x000002',
      { final: true, verdict: 'COPIED', reason: 'MALFORMED', detail: 'REPEATED' },
    ],
    ['garbage', 'm=%00%01', { final: true, verdict: 'COPIED', reason: 'MALFORMED', detail: 'LENGTH' }],
  ])('%s', (_case, query, expected) => {
    expect(checkTap(mirrored, q(query))).toEqual(expected);
  });

  test('a band without a registered UID is judged on the counter alone', () => {
    expect(checkTap({ trust: 'NTAG21X_MIRROR', uid: null }, q('m=04FFFFFFFFFFFFx000001'))).toEqual({
      final: false,
      uid: '04FFFFFFFFFFFF',
      counter: 1,
    });
  });

  test('a band encoded before tap-trust is unverified whatever the URL says', () => {
    expect(checkTap({ trust: 'NONE', uid: null }, q('m=04A1B2C3D4E5F6x00002A'))).toEqual({
      final: true,
      verdict: 'UNVERIFIED',
      reason: 'NOT_ENROLLED',
    });
  });
});

describe('checkTap for NTAG 424 DNA bands', () => {
  const master = Buffer.from('C9EB67DF090AFF47C3B19A2516680B9D', 'hex');
  const keys = sdmKeysFor(master);
  const uid = Buffer.from('04DE5F1EACC040', 'hex');
  const band: TrustBand = { trust: 'NTAG424_SUN', uid: '04DE5F1EACC040' };

  /** The URL parameters the tag would produce for `tagUid` at `counter`. */
  function sunQuery(tagUid: Buffer, counter: number): string {
    const counterBytes = Buffer.of(counter & 0xff, (counter >> 8) & 0xff, counter >> 16);
    const cipher = createCipheriv('aes-128-cbc', keys.metaReadKey, Buffer.alloc(16));
    cipher.setAutoPadding(false);
    const picc = cipher.update(Buffer.concat([Buffer.of(0xc7), tagUid, counterBytes, Buffer.alloc(5, 0x5a)]));
    const mac = sdmMac(keys.fileReadKey(tagUid), tagUid, counterBytes, new Uint8Array());
    return `bandId=x&picc=${picc.toString('hex').toUpperCase()}&cmac=${mac.toString('hex').toUpperCase()}`;
  }

  test('a valid message from the band’s tag is decided by its counter', () => {
    expect(checkTap(band, q(sunQuery(uid, 300)), keys)).toEqual({ final: false, uid: '04DE5F1EACC040', counter: 300 });
  });

  test('a valid message from another band’s tag is copied', () => {
    const other = Buffer.from('04958CAA5C5E80', 'hex');
    expect(checkTap(band, q(sunQuery(other, 1)), keys)).toEqual({
      final: true,
      verdict: 'COPIED',
      reason: 'UID_MISMATCH',
    });
  });

  test.each([
    ['no SUN parameters', 'bandId=x', { reason: 'NO_EVIDENCE' }],
    ['picc without cmac', 'picc=EF963FF7828658A599F3041510671E88', { reason: 'MALFORMED', detail: 'SUN_PARAMETERS' }],
    [
      'cmac twice',
      'picc=EF963FF7828658A599F3041510671E88&cmac=94EED9EE65337086&cmac=94EED9EE65337086',
      { reason: 'MALFORMED', detail: 'SUN_PARAMETERS' },
    ],
    ['not hex', 'picc=nothex&cmac=94EED9EE65337086', { reason: 'SUN_INVALID', detail: 'PICC_NOT_HEX' }],
    [
      'a message under other keys (AN12196’s, zero keys)',
      'picc=EF963FF7828658A599F3041510671E88&cmac=94EED9EE65337086',
      { reason: 'SUN_INVALID' },
    ],
  ])('%s is copied', (_case, query, expected) => {
    expect(checkTap(band, q(query), keys)).toMatchObject({ final: true, verdict: 'COPIED', ...expected });
  });

  test('a forged MAC on the band’s real PICCData is copied', () => {
    const query = q(sunQuery(uid, 5));
    query.set('cmac', '0000000000000000');
    expect(checkTap(band, query, keys)).toEqual({
      final: true,
      verdict: 'COPIED',
      reason: 'SUN_INVALID',
      detail: 'MAC_MISMATCH',
    });
  });

  test('without the organization’s keys the tap stays unverified', () => {
    expect(checkTap(band, q(sunQuery(uid, 5)), null)).toMatchObject({ final: true, verdict: 'UNVERIFIED' });
  });
});

describe('the counter step', () => {
  const J = MAX_COUNTER_STEP;
  test.each([
    ['first tap ever', { last: null, pending: null }, 0, 'ADVANCED', 'GENUINE'],
    ['counter moved forward', { last: 42, pending: null }, 43, 'ADVANCED', 'GENUINE'],
    ['a gap within reach (reads that never reached us)', { last: 42, pending: null }, 42 + J, 'ADVANCED', 'GENUINE'],
    ['same counter again (replay)', { last: 42, pending: null }, 42, 'NOT_ADVANCED', 'REPLAYED'],
    ['older counter (recorded URL)', { last: 42, pending: null }, 41, 'NOT_ADVANCED', 'REPLAYED'],
    ['a forged counter far ahead', { last: 42, pending: null }, 0xffffff, 'JUMPED', 'COPIED'],
    ['a first tap far from 0 (a tag read often before)', { last: null, pending: null }, 5000, 'JUMPED', 'COPIED'],
    ['the tap in sequence after a jump confirms it', { last: null, pending: 5000 }, 5001, 'ADVANCED', 'GENUINE'],
    ['a real tap after a forged jump', { last: 42, pending: 0xffffff }, 43, 'ADVANCED', 'GENUINE'],
    ['the second of two forged taps over a mark', { last: 42, pending: null }, 0xffffff, 'JUMPED', 'COPIED'],
  ] as const)('%s', (_case, state, counter, step, verdict) => {
    expect(stepCounter(state, counter).step).toBe(step);
    expect(counterVerdict(step).verdict).toBe(verdict);
  });

  test('a jump over a mark does not move it and is not remembered: the next forged tap cannot confirm it', () => {
    const jumped = stepCounter({ last: 42, pending: null }, 0xfffffe);
    expect(jumped.next).toEqual({ last: 42, pending: null });
    expect(stepCounter(jumped.next, 0xffffff).step).toBe('JUMPED');
    expect(stepCounter(jumped.next, 43).next).toEqual({ last: 43, pending: null });
  });

  test('authenticated counters (maxStep null) may jump', () => {
    expect(stepCounter({ last: 42, pending: null }, 0xffffff, null).step).toBe('ADVANCED');
  });
});
