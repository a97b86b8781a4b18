import { ACCESS_FREE, ACCESS_NEVER, readUint24le, uint24le } from './commands.ts';
import type { CommMode } from './secure-messaging.ts';

/**
 * File settings of an NTAG 424 DNA standard data file with Secure Dynamic Messaging
 * (NT4H2421Gx §10.7.1–10.7.2), as ChangeFileSettings takes them and GetFileSettings returns them:
 *
 *   [FileType FileSize: GetFileSettings only] FileOption AccessRights(2) [SDMOptions SDMAccessRights(2)
 *   UIDOffset? SDMReadCtrOffset? PICCDataOffset? SDMMACInputOffset? SDMENCOffset? SDMENCLength?
 *   SDMMACOffset? SDMReadCtrLimit?]
 *
 * Which optional fields are present follows from the options and the SDM access rights; offsets
 * are 3 bytes LSB first.
 */

export interface FileAccess {
  /** 0–4 a key, E free, F never. */
  readonly read: number;
  readonly write: number;
  readonly readWrite: number;
  readonly change: number;
}

export interface SdmSettings {
  readonly uidMirror: boolean;
  readonly readCtrMirror: boolean;
  /** Mirrors in ASCII (hex characters), as a URL needs. */
  readonly ascii: boolean;
  /** Key that encrypts PICCData (0–4), E for UID and counter in clear, F for none. */
  readonly metaRead: number;
  /** Key of the SDMMAC and encrypted file data (0–4), F for none. */
  readonly fileRead: number;
  /** Key for GetFileCounters, E free, F never. */
  readonly ctrRet: number;
  readonly uidOffset?: number;
  readonly readCtrOffset?: number;
  readonly piccDataOffset?: number;
  readonly macInputOffset?: number;
  readonly encOffset?: number;
  readonly encLength?: number;
  readonly macOffset?: number;
  readonly readCtrLimit?: number;
}

export interface FileSettings {
  readonly commMode: CommMode;
  readonly access: FileAccess;
  readonly sdm?: SdmSettings;
  /** GetFileSettings only. */
  readonly fileType?: number;
  readonly size?: number;
}

const COMM_BITS: Record<CommMode, number> = { PLAIN: 0b00, MAC: 0b01, FULL: 0b11 };
const SDM_ENABLED = 0x40;
const OPT_UID = 0x80;
const OPT_CTR = 0x40;
const OPT_CTR_LIMIT = 0x20;
const OPT_ENC = 0x10;
const OPT_ASCII = 0x01;

const isKey = (access: number) => access <= 4;

/** ChangeFileSettings command data (after the file number). */
export function encodeFileSettings(settings: FileSettings): Buffer {
  const { access, sdm } = settings;
  const parts: Buffer[] = [
    Buffer.of(
      COMM_BITS[settings.commMode] | (sdm ? SDM_ENABLED : 0),
      (access.readWrite << 4) | access.change,
      (access.read << 4) | access.write,
    ),
  ];
  if (!sdm) return parts[0]!;
  const options =
    (sdm.uidMirror ? OPT_UID : 0) |
    (sdm.readCtrMirror ? OPT_CTR : 0) |
    (sdm.readCtrLimit !== undefined ? OPT_CTR_LIMIT : 0) |
    (sdm.encOffset !== undefined ? OPT_ENC : 0) |
    (sdm.ascii ? OPT_ASCII : 0);
  const rights = (sdm.metaRead << 12) | (sdm.fileRead << 8) | 0xf0 | sdm.ctrRet;
  parts.push(Buffer.of(options, rights & 0xff, rights >> 8));
  const offset = (value: number | undefined, name: string) => {
    if (value === undefined) throw new RangeError(`SDM settings need ${name}`);
    parts.push(uint24le(value));
  };
  if (sdm.metaRead === ACCESS_FREE) {
    if (sdm.uidMirror) offset(sdm.uidOffset, 'uidOffset');
    if (sdm.readCtrMirror) offset(sdm.readCtrOffset, 'readCtrOffset');
  } else if (isKey(sdm.metaRead)) offset(sdm.piccDataOffset, 'piccDataOffset');
  if (sdm.fileRead !== ACCESS_NEVER) {
    offset(sdm.macInputOffset, 'macInputOffset');
    if (sdm.encOffset !== undefined) {
      offset(sdm.encOffset, 'encOffset');
      offset(sdm.encLength, 'encLength');
    }
    offset(sdm.macOffset, 'macOffset');
  }
  if (sdm.readCtrLimit !== undefined) offset(sdm.readCtrLimit, 'readCtrLimit');
  return Buffer.concat(parts);
}

/** Parses ChangeFileSettings data, or with `withTypeAndSize` a GetFileSettings answer. null if malformed. */
export function decodeFileSettings(bytes: Uint8Array, withTypeAndSize: boolean): FileSettings | null {
  let at = 0;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new RangeError('short');
    const slice = bytes.subarray(at, at + n);
    at += n;
    return slice;
  };
  try {
    const fileType = withTypeAndSize ? take(1)[0]! : undefined;
    const [option, ar0, ar1] = take(3);
    const commMode = (Object.entries(COMM_BITS).find(([, bits]) => bits === (option! & 0x03))?.[0] ??
      'PLAIN') as CommMode;
    const access: FileAccess = { readWrite: ar0! >> 4, change: ar0! & 0x0f, read: ar1! >> 4, write: ar1! & 0x0f };
    const size = withTypeAndSize ? readUint24le(take(3), 0) : undefined;
    const base = { commMode, access, ...(fileType === undefined ? {} : { fileType, size }) };
    if (!(option! & SDM_ENABLED)) return at === bytes.length ? base : null;
    const [options, r0, r1] = take(3);
    const rights = r0! | (r1! << 8);
    const metaRead = rights >> 12;
    const fileRead = (rights >> 8) & 0x0f;
    const u24 = () => readUint24le(take(3), 0);
    const uidMirror = (options! & OPT_UID) !== 0;
    const readCtrMirror = (options! & OPT_CTR) !== 0;
    const sdm: Record<string, number | boolean> = {
      uidMirror,
      readCtrMirror,
      ascii: (options! & OPT_ASCII) !== 0,
      metaRead,
      fileRead,
      ctrRet: rights & 0x0f,
    };
    if (metaRead === ACCESS_FREE) {
      if (uidMirror) sdm.uidOffset = u24();
      if (readCtrMirror) sdm.readCtrOffset = u24();
    } else if (isKey(metaRead)) sdm.piccDataOffset = u24();
    if (fileRead !== ACCESS_NEVER) {
      sdm.macInputOffset = u24();
      if (options! & OPT_ENC) {
        sdm.encOffset = u24();
        sdm.encLength = u24();
      }
      sdm.macOffset = u24();
    }
    if (options! & OPT_CTR_LIMIT) sdm.readCtrLimit = u24();
    return at === bytes.length ? { ...base, sdm: sdm as unknown as SdmSettings } : null;
  } catch {
    return null;
  }
}
