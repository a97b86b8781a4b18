import { describe, expect, test } from 'vitest';
import { DomainError } from '../errors.ts';
import { findUri, parseNdefMessage, scanTlvs } from '../ndef/ndef.ts';
import { encodeNtagConfig } from './config.ts';
import {
  applyMirror,
  bandTagConfig,
  isMirrorActive,
  MIRROR_PLACEHOLDER,
  mirrorText,
  planMirror,
  withMirrorPlaceholder,
} from './mirror.ts';
import { parseMirrorParam } from './mirror-param.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const UID = Uint8Array.of(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6);
const URL_TEMPLATE = withMirrorPlaceholder('https://hub.example/e?bandId=AAAAAAAAAAAAAAAA');

/** What a phone reads: the TLV scanned from page 4, the URI record decoded. */
function uriAsRead(data: Uint8Array): string | null {
  const scan = scanTlvs(data);
  if (scan.kind !== 'ndef') return null;
  return findUri(parseNdefMessage(data.subarray(scan.valueOffset, scan.valueOffset + scan.length)));
}

describe('planMirror', () => {
  test('puts the placeholder where the hand count says: page 0Fh, byte 3', () => {
    // TLV 03 42 | record D1 01 3E 55 | prefix 04 (https://) | "hub.example/e?bandId=AAAAAAAAAAAAAAAA&m=" (40 bytes)
    // → the placeholder starts at TLV byte 2 + 4 + 1 + 40 = 47, i.e. memory byte 16 + 47 = 63 = page 15, byte 3.
    const plan = planMirror('NTAG213', URL_TEMPLATE);
    expect(URL_TEMPLATE).toBe(`https://hub.example/e?bandId=AAAAAAAAAAAAAAAA&m=${MIRROR_PLACEHOLDER}`);
    expect(hex(plan.data.subarray(0, 7))).toBe('0342D1013E5504');
    expect({ page: plan.mirrorPage, byte: plan.mirrorByte }).toEqual({ page: 0x0f, byte: 3 });
    expect(plan.pages).toHaveLength(18); // 69 bytes (TLV + terminator) → 18 pages
    expect(plan.data[68]).toBe(0xfe);
  });

  test('the band configuration for that plan is CFG0 F4 00 0F 04, CFG1 10 00 00 00', () => {
    const config = bandTagConfig(planMirror('NTAG213', URL_TEMPLATE), { protect: true });
    const { cfg0, cfg1 } = encodeNtagConfig(config);
    expect([hex(cfg0), hex(cfg1)]).toEqual(['F4000F04', '10000000']);
  });

  test('without protection AUTH0 stays FFh', () => {
    const { cfg0 } = encodeNtagConfig(bandTagConfig(planMirror('NTAG215', URL_TEMPLATE), { protect: false }));
    expect(hex(cfg0)).toBe('F4000FFF');
  });

  test.each([
    ['a prefix code that does not abbreviate', 'foo://x?', 'm='],
    ['http://www. abbreviated', 'http://www.example.org/e?bandId=AAAAAAAAAAAAAAAA&', 'm='],
  ])('finds the placeholder after %s', (_case, before, param) => {
    const url = `${before}${param}${MIRROR_PLACEHOLDER}`;
    const plan = planMirror('NTAG216', url);
    const mirrored = applyMirror('NTAG216', plan.data, bandTagConfig(plan, { protect: false }), UID, 7);
    expect(uriAsRead(mirrored)).toBe(`${before}${param}04A1B2C3D4E5F6x000007`);
  });

  test('a phone reading the mirrored tag gets the UID and counter back', () => {
    const plan = planMirror('NTAG213', URL_TEMPLATE);
    const config = bandTagConfig(plan, { protect: true });
    const url = uriAsRead(applyMirror('NTAG213', plan.data, config, UID, 42));
    expect(url).toBe('https://hub.example/e?bandId=AAAAAAAAAAAAAAAA&m=04A1B2C3D4E5F6x00002A');
    expect(parseMirrorParam(new URL(url!).searchParams.getAll('m'))).toEqual({
      kind: 'MIRROR',
      uid: '04A1B2C3D4E5F6',
      counter: 42,
    });
  });

  test('the stored bytes keep the placeholder: a raw copy without the mirror reads all zeros', () => {
    const plan = planMirror('NTAG213', URL_TEMPLATE);
    expect(parseMirrorParam(new URL(uriAsRead(plan.data)!).searchParams.get('m'))).toEqual({ kind: 'PLACEHOLDER' });
  });

  test.each([
    ['no placeholder', 'https://hub.example/e?bandId=AAAAAAAAAAAAAAAA'],
    ['two placeholders', `${URL_TEMPLATE}&m=${MIRROR_PLACEHOLDER}`],
    ['placeholder glued to another parameter', `https://hub.example/e?xm=${MIRROR_PLACEHOLDER}`],
    ['too long for an NTAG213', withMirrorPlaceholder(`https://hub.example/e?bandId=${'A'.repeat(100)}`)],
  ])('refuses %s', (_case, url) => {
    expect(() => planMirror('NTAG213', url)).toThrow(DomainError);
  });

  test('a URL too long for an NTAG213 fits an NTAG215', () => {
    const url = withMirrorPlaceholder(`https://hub.example/e?bandId=${'A'.repeat(100)}`);
    expect(planMirror('NTAG215', url).mirrorPage).toBeGreaterThan(4);
  });

  test('withMirrorPlaceholder refuses a URL that already has m=', () => {
    expect(() => withMirrorPlaceholder(URL_TEMPLATE)).toThrow(DomainError);
    expect(withMirrorPlaceholder('https://hub.example/e/AAAAAAAAAAAAAAAA')).toBe(
      `https://hub.example/e/AAAAAAAAAAAAAAAA?m=${MIRROR_PLACEHOLDER}`,
    );
  });
});

describe('mirror bounds (the mirror must lie in user memory)', () => {
  // NTAG213 user memory: pages 04h–27h = bytes 16–159.
  test.each([
    ['UID+counter ending on the last user byte', 'UID_AND_COUNTER', 0x22, 3, true],
    ['UID+counter one byte past', 'UID_AND_COUNTER', 0x23, 0, false],
    ['UID ending on the last user byte', 'UID', 0x24, 2, true],
    ['UID one byte past', 'UID', 0x24, 3, false],
    ['counter at the last user page', 'COUNTER', 0x26, 2, true],
    ['counter one byte past', 'COUNTER', 0x26, 3, false],
    ['starting in the CC page', 'UID', 0x03, 0, false],
    ['first user page', 'UID_AND_COUNTER', 0x04, 0, true],
    ['mirror off', 'NONE', 0x04, 0, false],
  ] as const)('NTAG213 %s', (_case, mirrorConf, mirrorPage, mirrorByte, active) => {
    expect(isMirrorActive('NTAG213', { mirrorConf, mirrorPage, mirrorByte })).toBe(active);
  });

  test('NTAG216 accepts a counter mirror ending on its last user byte (page E0h byte 2 → E1h byte 3)', () => {
    expect(isMirrorActive('NTAG216', { mirrorConf: 'COUNTER', mirrorPage: 0xe0, mirrorByte: 2 })).toBe(true);
    expect(isMirrorActive('NTAG216', { mirrorConf: 'COUNTER', mirrorPage: 0xe0, mirrorByte: 3 })).toBe(false);
    expect(isMirrorActive('NTAG215', { mirrorConf: 'COUNTER', mirrorPage: 0xe0, mirrorByte: 2 })).toBe(false);
  });

  test('an inactive mirror leaves the data as stored', () => {
    const data = Uint8Array.from({ length: 16 }, (_, i) => i);
    expect(applyMirror('NTAG213', data, { mirrorConf: 'UID', mirrorPage: 0x03, mirrorByte: 0 }, UID, 1)).toEqual(data);
  });
});

describe('mirrorText', () => {
  test.each([
    ['UID', 1, '04A1B2C3D4E5F6'],
    ['COUNTER', 0xabcdef, 'ABCDEF'],
    ['UID_AND_COUNTER', 255, '04A1B2C3D4E5F6x0000FF'],
    ['NONE', 1, ''],
  ] as const)('%s', (conf, counter, text) => {
    expect(mirrorText(conf, UID, counter)).toBe(text);
  });

  test.each([-1, 0x1000000, 1.5])('refuses counter %s', (counter) => {
    expect(() => mirrorText('COUNTER', UID, counter)).toThrow(RangeError);
  });
});
