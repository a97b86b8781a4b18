import { describe, expect, test } from 'vitest';
import { DomainError } from '../errors.ts';
import { bandUrl } from '../ndef/band-url.ts';
import { configPagesOf, decodeNtagConfig, FACTORY_CONFIG } from './config.ts';
import { type EncodePlanInput, planEncode, showsConfig, showsImage } from './encode-plan.ts';
import { capabilityContainer, NTAG_SPECS, type NtagType } from './memory-layout.ts';
import { applyMirror } from './mirror.ts';

const BAND = 'AbCdEfGhIjKlMnOp';
const UID = Uint8Array.of(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6);
const PASSWORD = { pwd: Uint8Array.of(1, 2, 3, 4), pack: Uint8Array.of(5, 6) };
const formatted = (type: NtagType) => ({ cc: capabilityContainer(NTAG_SPECS[type]), config: FACTORY_CONFIG });

const input = (overrides: Partial<EncodePlanInput> = {}): EncodePlanInput => ({
  type: 'NTAG213',
  url: bandUrl('https://hub.test', BAND),
  trust: { kind: 'NONE' },
  lock: false,
  current: formatted(overrides.type ?? 'NTAG213'),
  ...overrides,
});

/** A band URL of exactly `length` characters. */
const urlOf = (length: number) => bandUrl(`https://hub.test/${'x'.repeat(length - 43)}`, BAND);

describe('planEncode', () => {
  test('writes the CC first on an unformatted tag and the page holding the TLV header last', () => {
    const plan = planEncode(input({ current: { cc: Uint8Array.of(0, 0, 0, 0), config: FACTORY_CONFIG } }));
    const pages = plan.dataWrites.map((w) => w.page);
    expect(pages[0]).toBe(3);
    expect(Array.from(plan.dataWrites[0]!.data)).toEqual([0xe1, 0x10, 0x12, 0x00]);
    expect(pages.at(-1)).toBe(4);
    expect(pages.slice(1, -1)).toEqual(Array.from({ length: plan.image.length / 4 - 1 }, (_, i) => 5 + i));
    expect(planEncode(input()).dataWrites.map((w) => w.page)).not.toContain(3);
  });

  test('leaves a factory-configured tag alone for a plain band, and resets one configured before', () => {
    expect(planEncode(input()).configWrites).toEqual([]);
    const mirrored = { ...FACTORY_CONFIG, mirrorConf: 'UID' as const, mirrorPage: 9 };
    const plan = planEncode(input({ current: { cc: formatted('NTAG213').cc, config: mirrored } }));
    const cfg = configPagesOf('NTAG213');
    expect(plan.configWrites.map((w) => w.page)).toEqual([cfg.cfg1, cfg.cfg0]);
    expect(decodeNtagConfig(plan.cfg0, plan.cfg1)).toEqual(FACTORY_CONFIG);
  });

  test('guards a mirrored band with its password: PWD and PACK, then CFG1, then CFG0 with AUTH0 last', () => {
    const plan = planEncode(input({ type: 'NTAG215', trust: { kind: 'NTAG21X_MIRROR', password: PASSWORD } }));
    const cfg = configPagesOf('NTAG215');
    expect(plan.configWrites.map((w) => w.page)).toEqual([cfg.pwd, cfg.pack, cfg.cfg1, cfg.cfg0]);
    expect(Array.from(plan.configWrites[1]!.data)).toEqual([5, 6, 0, 0]);
    const config = decodeNtagConfig(plan.cfg0, plan.cfg1);
    expect(config).toMatchObject({ mirrorConf: 'UID_AND_COUNTER', auth0: 4, nfcCounter: true, readProtected: false });
    expect(plan.url).toBe(`${bandUrl('https://hub.test', BAND)}&m=00000000000000x000000`);
    expect(plan.trust).toBe('NTAG21X_MIRROR');
  });

  test('locks only when asked, after everything else', () => {
    expect(planEncode(input()).lockWrites).toEqual([]);
    expect(planEncode(input({ lock: true })).lockWrites.map((w) => w.page)).toEqual([0x28, 3, 2]);
  });

  test.each([
    ['NTAG213', 145, 144],
    ['NTAG215', 492, 496],
    ['NTAG216', 868, 872],
  ] as const)(
    'fits an %s up to the data area its CC declares: a %i-character URL fills its %i bytes, one more is refused',
    (type, longest, area) => {
      const full = planEncode(input({ type, url: urlOf(longest) }));
      expect(full.image.length).toBe(area);
      expect(full.image.at(-1)).not.toBe(0xfe); // no room left for the terminator TLV, which is optional then
      expect(planEncode(input({ type, url: urlOf(longest - 1) })).image.includes(0xfe)).toBe(true);
      expect(() => planEncode(input({ type, url: urlOf(longest + 1) }))).toThrow(
        expect.objectContaining({ code: 'TAG_TOO_SMALL' }),
      );
    },
  );

  test('takes the size from the CC already on the tag, not from its type', () => {
    const small = { cc: Uint8Array.of(0xe1, 0x10, 0x12, 0x00), config: FACTORY_CONFIG };
    expect(() => planEncode(input({ type: 'NTAG215', url: urlOf(200), current: small }))).toThrow(DomainError);
    expect(planEncode(input({ type: 'NTAG215', url: urlOf(200) })).image.length).toBeLessThanOrEqual(496);
  });
});

describe('read-back checks', () => {
  const plan = planEncode(input({ trust: { kind: 'NTAG21X_MIRROR', password: null } }));
  const { mirrorPage, mirrorByte } = decodeNtagConfig(plan.cfg0, plan.cfg1);
  const asPhoneReads = (uid: Uint8Array) =>
    applyMirror('NTAG213', plan.image, { mirrorConf: 'UID_AND_COUNTER', mirrorPage, mirrorByte }, uid, 42);

  test("accepts the tag's own UID and counter where the placeholder is, and the placeholder only before mirroring", () => {
    expect(showsImage(plan, asPhoneReads(UID), UID, true)).toBe(true);
    expect(showsImage(plan, plan.image, UID, true)).toBe(false);
    expect(showsImage(plan, plan.image, UID, false)).toBe(true);
  });

  test('refuses another UID, a changed byte and a short read', () => {
    const other = Uint8Array.of(0x04, 0, 0, 0, 0, 0, 1);
    expect(showsImage(plan, asPhoneReads(other), UID, true)).toBe(false);
    const changed = Uint8Array.from(asPhoneReads(UID));
    changed[2]! ^= 1;
    expect(showsImage(plan, changed, UID, true)).toBe(false);
    expect(showsImage(plan, asPhoneReads(UID).subarray(4), UID, true)).toBe(false);
  });

  test('compares CFG0 and the ACCESS byte of CFG1', () => {
    const read = new Uint8Array(16);
    read.set(plan.cfg0, 0);
    read.set(plan.cfg1, 4);
    expect(showsConfig(plan, read)).toBe(true);
    read[3] = 0x04;
    expect(showsConfig(plan, read)).toBe(false);
  });
});
