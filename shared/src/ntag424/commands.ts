import { crc32 } from 'node:zlib';

/**
 * NTAG 424 DNA command codes, status words and the byte layouts both sides of a command agree on
 * (NT4H2421Gx §10). Secure messaging is in `secure-messaging.ts`; this file only builds and parses
 * plain bytes.
 */

export const INS = {
  GET_VERSION: 0x60,
  GET_KEY_VERSION: 0x64,
  CHANGE_KEY: 0xc4,
  GET_FILE_SETTINGS: 0xf5,
  CHANGE_FILE_SETTINGS: 0x5f,
  READ_DATA: 0xad,
  WRITE_DATA: 0x8d,
  GET_CARD_UID: 0x51,
} as const;

export const ISO_INS = { SELECT_FILE: 0xa4, READ_BINARY: 0xb0, UPDATE_BINARY: 0xd6 } as const;

/** Native status words (SW1 = 91). */
export const SW = {
  OK: 0x9100,
  ADDITIONAL_FRAME: 0x91af,
  AUTHENTICATION_ERROR: 0x91ae,
  PERMISSION_DENIED: 0x919d,
  LENGTH_ERROR: 0x917e,
  PARAMETER_ERROR: 0x919e,
  INTEGRITY_ERROR: 0x911e,
  NO_SUCH_KEY: 0x9140,
  BOUNDARY_ERROR: 0x91be,
  FILE_NOT_FOUND: 0x91f0,
  COMMAND_ABORTED: 0x91ca,
  ILLEGAL_COMMAND: 0x911c,
} as const;

/** ISO/IEC 7816-4 status words (SW1 ≠ 91). */
export const ISO_SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  MEMORY_FAILURE: 0x6581,
} as const;

/** The NDEF application's DF name (ISO/IEC 7816-4 select by name) and its files' ISO ids. */
export const NDEF_APPLICATION_NAME = Buffer.from('D2760000850101', 'hex');
export const ISO_FILE_CC = 0xe103;
export const ISO_FILE_NDEF = 0xe104;
export const ISO_FILE_PROPRIETARY = 0xe105;
/** Native file numbers of the same files. */
export const FILE_CC = 0x01;
export const FILE_NDEF = 0x02;
export const FILE_PROPRIETARY = 0x03;
/** Keys of the application: 0 (application master) to 4. */
export const KEY_COUNT = 5;
/** An access condition of "free" (E) and "never" (F); 0–4 name a key. */
export const ACCESS_FREE = 0xe;
export const ACCESS_NEVER = 0xf;

/** GetVersion's three frames for an NTAG 424 DNA (HW type 04, subtype 02: 424 DNA, 50 pF). */
export function isNtag424Version(first: Uint8Array): boolean {
  return (
    first.length >= 7 && first[0] === 0x04 && first[1] === 0x04 && (first[2]! & 0x0f) === 0x02 && first[3] === 0x30
  );
}

export const selectApplicationApdu = (): Buffer =>
  Buffer.concat([
    Buffer.of(0x00, ISO_INS.SELECT_FILE, 0x04, 0x0c, NDEF_APPLICATION_NAME.length),
    NDEF_APPLICATION_NAME,
    Buffer.of(0),
  ]);
export const selectFileApdu = (isoId: number): Buffer =>
  Buffer.of(0x00, ISO_INS.SELECT_FILE, 0x00, 0x0c, 0x02, isoId >> 8, isoId & 0xff, 0x00);
export const readBinaryApdu = (offset: number, length: number): Buffer =>
  Buffer.of(0x00, ISO_INS.READ_BINARY, (offset >> 8) & 0x7f, offset & 0xff, length & 0xff);

/** 3-byte little-endian numbers, as file offsets, sizes and counters travel. */
export const uint24le = (value: number): Buffer => Buffer.of(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff);
export const readUint24le = (bytes: Uint8Array, at: number): number =>
  bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);

/** ReadData / WriteData header: FileNo || Offset || Length. */
export const dataHeader = (fileNo: number, offset: number, length: number): Buffer =>
  Buffer.concat([Buffer.of(fileNo), uint24le(offset), uint24le(length)]);

/** CRC32 as NXP sends it: the JAMCRC (zlib's CRC without the final inversion), LSB first. */
export function crc32Nxp(data: Uint8Array): Buffer {
  const value = ~crc32(data) >>> 0;
  return Buffer.of(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24);
}

/**
 * ChangeKey's plain command data (§10.6.1). Changing the key authenticated with: NewKey || KeyVer.
 * Any other key: (NewKey ⊕ OldKey) || KeyVer || CRC32(NewKey) — the tag XORs its current key back
 * and checks the CRC, so a wrong old key is refused (integrity error) instead of storing garbage.
 */
export function changeKeyData(
  keyNo: number,
  authKeyNo: number,
  newKey: Uint8Array,
  version: number,
  oldKey?: Uint8Array,
): Buffer {
  if (newKey.length !== 16) throw new RangeError('Keys are 16 bytes');
  if (keyNo === authKeyNo) return Buffer.concat([newKey, Buffer.of(version)]);
  if (oldKey?.length !== 16) throw new RangeError('Changing another key needs its old value');
  const xored = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) xored[i] = newKey[i]! ^ oldKey[i]!;
  return Buffer.concat([xored, Buffer.of(version), crc32Nxp(newKey)]);
}

/** The tag's reading of ChangeKey data: the new key, or null when the CRC does not match. */
export function parseChangeKeyData(
  data: Uint8Array,
  sameKey: boolean,
  currentKey: Uint8Array,
): { key: Buffer; version: number } | null {
  if (data.length !== (sameKey ? 17 : 21)) return null;
  const key = Buffer.from(data.subarray(0, 16));
  if (!sameKey) {
    for (let i = 0; i < 16; i++) key[i]! ^= currentKey[i]!;
    if (!crc32Nxp(key).equals(data.subarray(17, 21))) return null;
  }
  return { key, version: data[16]! };
}
