import type { NtagType } from './memory-layout.ts';

/**
 * NTAG213/215/216 configuration pages (NXP datasheet NTAG213_215_216 rev 3.2, §8.5.7, tables 8–10).
 * The four pages follow the dynamic lock page, so their addresses differ per tag size:
 *
 * | page   | NTAG213 | NTAG215 | NTAG216 | bytes                                   |
 * |--------|---------|---------|---------|-----------------------------------------|
 * | dyn lk | 28h     | 82h     | E2h     | dynamic lock bytes 0–2, RFUI            |
 * | CFG0   | 29h     | 83h     | E3h     | MIRROR, RFUI, MIRROR_PAGE, AUTH0        |
 * | CFG1   | 2Ah     | 84h     | E4h     | ACCESS, RFUI, RFUI, RFUI                |
 * | PWD    | 2Bh     | 85h     | E5h     | PWD0–3 (write-only; reads as 00)        |
 * | PACK   | 2Ch     | 86h     | E6h     | PACK0–1, RFUI, RFUI                     |
 *
 * MIRROR byte: bits 7–6 MIRROR_CONF (00 none, 01 UID, 10 NFC counter, 11 UID and counter), bits 5–4
 * MIRROR_BYTE, bit 2 STRG_MOD_EN (strong modulation, factory 1), other bits RFUI.
 * ACCESS byte: bit 7 PROT (0: PWD guards writes only, 1: reads too), bit 6 CFGLCK (configuration
 * locked for good), bit 4 NFC_CNT_EN, bit 3 NFC_CNT_PWD_PROT, bits 2–0 AUTHLIM (0: unlimited
 * failed PWD_AUTH attempts). Factory state: CFG0 04 00 00 FF, CFG1 00 00 00 00, PWD FF FF FF FF,
 * PACK 00 00.
 */

export interface NtagConfigPages {
  readonly dynamicLock: number;
  readonly cfg0: number;
  readonly cfg1: number;
  readonly pwd: number;
  readonly pack: number;
}

export const NTAG_CONFIG_PAGES: Readonly<Record<NtagType, NtagConfigPages>> = {
  NTAG213: { dynamicLock: 0x28, cfg0: 0x29, cfg1: 0x2a, pwd: 0x2b, pack: 0x2c },
  NTAG215: { dynamicLock: 0x82, cfg0: 0x83, cfg1: 0x84, pwd: 0x85, pack: 0x86 },
  NTAG216: { dynamicLock: 0xe2, cfg0: 0xe3, cfg1: 0xe4, pwd: 0xe5, pack: 0xe6 },
};

export const configPagesOf = (type: NtagType): NtagConfigPages => NTAG_CONFIG_PAGES[type];

export type MirrorConf = 'NONE' | 'UID' | 'COUNTER' | 'UID_AND_COUNTER';
const MIRROR_CONF_BITS: readonly MirrorConf[] = ['NONE', 'UID', 'COUNTER', 'UID_AND_COUNTER'];

/** AUTH0 at or above this page (past the last page) switches password protection off. */
export const AUTH0_DISABLED = 0xff;

export interface NtagConfig {
  readonly mirrorConf: MirrorConf;
  /** 0–3: byte within MIRROR_PAGE where the mirror starts. */
  readonly mirrorByte: number;
  /** Page where the mirror starts; the mirror is active only from page 4 on. */
  readonly mirrorPage: number;
  readonly strongModulation: boolean;
  /** First page guarded by the password; AUTH0_DISABLED (FFh) for none. */
  readonly auth0: number;
  /** true: reads need the password too (PROT = 1). Bands must stay readable by phones: false. */
  readonly readProtected: boolean;
  readonly configLocked: boolean;
  readonly nfcCounter: boolean;
  readonly nfcCounterPasswordProtected: boolean;
  /** 0 = unlimited; 1–7 = failed PWD_AUTH attempts before the password is disabled for good. */
  readonly authLimit: number;
}

export const FACTORY_CONFIG: NtagConfig = {
  mirrorConf: 'NONE',
  mirrorByte: 0,
  mirrorPage: 0,
  strongModulation: true,
  auth0: AUTH0_DISABLED,
  readProtected: false,
  configLocked: false,
  nfcCounter: false,
  nfcCounterPasswordProtected: false,
  authLimit: 0,
};

function byteInRange(value: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} out of range: ${value}`);
  return value;
}

/** CFG0 and CFG1 page contents for a configuration (RFUI bytes zero). */
export function encodeNtagConfig(config: NtagConfig): { cfg0: Uint8Array; cfg1: Uint8Array } {
  const mirror =
    (MIRROR_CONF_BITS.indexOf(config.mirrorConf) << 6) |
    (byteInRange(config.mirrorByte, 3, 'MIRROR_BYTE') << 4) |
    (config.strongModulation ? 0x04 : 0);
  const access =
    (config.readProtected ? 0x80 : 0) |
    (config.configLocked ? 0x40 : 0) |
    (config.nfcCounter ? 0x10 : 0) |
    (config.nfcCounterPasswordProtected ? 0x08 : 0) |
    byteInRange(config.authLimit, 7, 'AUTHLIM');
  return {
    cfg0: Uint8Array.of(
      mirror,
      0,
      byteInRange(config.mirrorPage, 0xff, 'MIRROR_PAGE'),
      byteInRange(config.auth0, 0xff, 'AUTH0'),
    ),
    cfg1: Uint8Array.of(access, 0, 0, 0),
  };
}

/** Reads CFG0 and CFG1 back (RFUI bits ignored). */
export function decodeNtagConfig(cfg0: Uint8Array, cfg1: Uint8Array): NtagConfig {
  if (cfg0.length < 4 || cfg1.length < 1) throw new RangeError('CFG0 needs 4 bytes and CFG1 at least 1');
  const mirror = cfg0[0]!;
  const access = cfg1[0]!;
  return {
    mirrorConf: MIRROR_CONF_BITS[mirror >> 6]!,
    mirrorByte: (mirror >> 4) & 0x03,
    mirrorPage: cfg0[2]!,
    strongModulation: (mirror & 0x04) !== 0,
    auth0: cfg0[3]!,
    readProtected: (access & 0x80) !== 0,
    configLocked: (access & 0x40) !== 0,
    nfcCounter: (access & 0x10) !== 0,
    nfcCounterPasswordProtected: (access & 0x08) !== 0,
    authLimit: access & 0x07,
  };
}
