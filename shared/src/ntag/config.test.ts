import { describe, expect, test } from 'vitest';
import { decodeNtagConfig, encodeNtagConfig, FACTORY_CONFIG, NTAG_CONFIG_PAGES, type NtagConfig } from './config.ts';
import { NTAG_SPECS, NTAG_TYPES } from './memory-layout.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

describe('NTAG21x configuration pages', () => {
  test.each([
    ['NTAG213', 0x28, 0x29, 0x2a, 0x2b, 0x2c],
    ['NTAG215', 0x82, 0x83, 0x84, 0x85, 0x86],
    ['NTAG216', 0xe2, 0xe3, 0xe4, 0xe5, 0xe6],
  ] as const)('%s: dynamic lock %i, CFG0 %i, CFG1 %i, PWD %i, PACK %i', (type, dyn, cfg0, cfg1, pwd, pack) => {
    expect(NTAG_CONFIG_PAGES[type]).toEqual({ dynamicLock: dyn, cfg0, cfg1, pwd, pack });
  });

  test.each(NTAG_TYPES)('%s: the pages follow the dynamic lock page and PACK is the last page', (type) => {
    const pages = NTAG_CONFIG_PAGES[type];
    expect(pages.dynamicLock).toBe(NTAG_SPECS[type].dynamicLockPage);
    expect(pages.pack).toBe(NTAG_SPECS[type].pages - 1);
  });
});

describe('CFG0/CFG1 bytes', () => {
  test('the factory configuration encodes as the datasheet’s delivery state: 04 00 00 FF / 00 00 00 00', () => {
    const { cfg0, cfg1 } = encodeNtagConfig(FACTORY_CONFIG);
    expect([hex(cfg0), hex(cfg1)]).toEqual(['040000FF', '00000000']);
  });

  const base: NtagConfig = { ...FACTORY_CONFIG };
  test.each([
    ['UID mirror at byte 0', { mirrorConf: 'UID', mirrorPage: 0x05 }, '440005FF', '00000000'],
    ['counter mirror at byte 2', { mirrorConf: 'COUNTER', mirrorByte: 2 }, 'A40000FF', '00000000'],
    ['UID and counter at byte 3', { mirrorConf: 'UID_AND_COUNTER', mirrorByte: 3 }, 'F40000FF', '00000000'],
    ['strong modulation off', { strongModulation: false }, '000000FF', '00000000'],
    ['AUTH0 from page 4', { auth0: 4 }, '04000004', '00000000'],
    ['PROT: reads need the password', { readProtected: true }, '040000FF', '80000000'],
    ['CFGLCK', { configLocked: true }, '040000FF', '40000000'],
    ['NFC_CNT_EN', { nfcCounter: true }, '040000FF', '10000000'],
    ['NFC_CNT_PWD_PROT', { nfcCounterPasswordProtected: true }, '040000FF', '08000000'],
    ['AUTHLIM 7', { authLimit: 7 }, '040000FF', '07000000'],
  ] as const)('%s', (_case, patch, cfg0, cfg1) => {
    const config = { ...base, mirrorPage: 0, auth0: 0xff, ...patch } as NtagConfig;
    const encoded = encodeNtagConfig(config);
    expect([hex(encoded.cfg0), hex(encoded.cfg1)]).toEqual([cfg0, cfg1]);
    expect(decodeNtagConfig(encoded.cfg0, encoded.cfg1)).toEqual(config);
  });

  test('decoding ignores RFUI bits', () => {
    expect(decodeNtagConfig(Uint8Array.of(0x0f, 0xff, 0x00, 0xff), Uint8Array.of(0x20, 0xff, 0xff, 0xff))).toEqual(
      FACTORY_CONFIG,
    );
  });

  test.each([
    ['MIRROR_BYTE 4', { mirrorByte: 4 }],
    ['AUTHLIM 8', { authLimit: 8 }],
    ['AUTH0 256', { auth0: 256 }],
    ['MIRROR_PAGE -1', { mirrorPage: -1 }],
  ])('refuses %s', (_case, patch) => {
    expect(() => encodeNtagConfig({ ...base, ...patch })).toThrow(RangeError);
  });
});
