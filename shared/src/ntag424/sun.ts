import { createDecipheriv } from 'node:crypto';
import { AES_BLOCK, aesEncryptBlock, cachedAesKey, decryptBlockCached, macEquals, prepareAesKey } from './aes-cmac.ts';

/**
 * NTAG 424 DNA Secure Unique NFC (SUN) messages, AES mode, as NXP's datasheet (NT4H2421Gx §9.3)
 * and application note AN12196 describe them:
 *
 * - PICCData (`e=` / `picc_data=`, 32 hex chars) is one AES-128 block encrypted (CBC, zero IV)
 *   under the SDM meta-read key: PICCDataTag (bit 7 UID mirrored, bit 6 counter mirrored,
 *   bits 3–0 UID length, which must be 7) || UID || SDMReadCtr (3 bytes, LSB first) || random
 *   padding.
 * - SDMMAC (`c=` / `cmac=`, 16 hex chars): session key = CMAC(file-read key, SV2) with
 *   SV2 = 3C C3 00 01 00 80 || UID || SDMReadCtr, zero-padded to a block; MAC = CMAC(session key,
 *   the URL's ASCII bytes from SDMMACInputOffset up to the MAC); the 8 bytes sent are the MAC's
 *   bytes 1, 3, 5, …, 15 (the "even" bytes counting from 1).
 * - SDMENCFileData (optional): AES-128-CBC under CMAC(file-read key, SV1), SV1 = C3 3C 00 01 00 80
 *   || UID || SDMReadCtr, with IV = AES(that key, SDMReadCtr || 13 zero bytes).
 *
 * Verification never throws on what a phone sends: every malformed input is a classified result,
 * so the redirect can always answer.
 */

export type SunFailure =
  | 'PICC_NOT_HEX' // not 32 hex characters
  | 'MAC_NOT_HEX' // not 16 hex characters
  | 'ENC_NOT_HEX' // file data not a whole number of hex-encoded blocks
  | 'PICC_TAG_UNSUPPORTED' // decrypts to a tag without UID and counter, or a UID length other than 7: wrong key or forged
  | 'MAC_MISMATCH'; // decrypted, but the MAC is wrong: forged, altered, or keys of another band

export interface SunMessage {
  /** PICCData as sent, hex. */
  readonly piccData: string;
  /** SDMMAC as sent, hex. */
  readonly mac: string;
  /** SDMENCFileData as sent, hex, when the tag mirrors encrypted file data. */
  readonly encFileData?: string;
  /**
   * The URL text the tag MACs: from SDMMACInputOffset to the MAC. Empty (the default without file
   * data) when the tag is configured with SDMMACInputOffset = SDMMACOffset, as we encode ours.
   * With file data, NXP's examples MAC `<enc hex>&cmac=`.
   */
  readonly macInput?: string;
}

export interface SunKeys {
  /** Decrypts PICCData; it cannot depend on the UID, which is inside what it decrypts. */
  readonly metaReadKey: Uint8Array;
  /** The file-read key of the band whose UID was decrypted (usually diversified by that UID). */
  readonly fileReadKey: (uid: Buffer) => Uint8Array;
}

export type SunResult =
  | {
      readonly ok: true;
      /** 14 upper-case hex characters. */
      readonly uid: string;
      readonly counter: number;
      /** Decrypted SDMENCFileData, when sent. */
      readonly fileData?: Buffer;
    }
  | { readonly ok: false; readonly failure: SunFailure; readonly uid?: string; readonly counter?: number };

const HEX = /^[0-9A-Fa-f]*$/;
const UID_LENGTH = 7;

function hexBytes(text: string, length: number | 'blocks'): Buffer | null {
  if (!HEX.test(text)) return null;
  if (length === 'blocks' ? text.length === 0 || text.length % (2 * AES_BLOCK) !== 0 : text.length !== 2 * length) {
    return null;
  }
  return Buffer.from(text, 'hex');
}

export interface PiccData {
  readonly tag: number;
  readonly uid: Buffer;
  /** SDMReadCtr as the tag sends it (3 bytes, LSB first). */
  readonly counterBytes: Buffer;
  readonly counter: number;
}

/** Decrypts one PICCData block; null when its tag does not announce a 7-byte UID and a counter. */
export function decryptPiccData(metaReadKey: Uint8Array, encrypted: Uint8Array): PiccData | null {
  // One block under CBC with a zero IV is plain ECB; the meta-read key is per organization, cached.
  const plain = decryptBlockCached(metaReadKey, encrypted);
  const tag = plain[0]!;
  if ((tag & 0xc0) !== 0xc0 || (tag & 0x0f) !== UID_LENGTH) return null;
  const counterBytes = plain.subarray(1 + UID_LENGTH, 1 + UID_LENGTH + 3);
  return {
    tag,
    uid: plain.subarray(1, 1 + UID_LENGTH),
    counterBytes,
    counter: counterBytes[0]! | (counterBytes[1]! << 8) | (counterBytes[2]! << 16),
  };
}

function sessionVector(prefix: readonly number[], uid: Uint8Array, counterBytes: Uint8Array): Buffer {
  const sv = Buffer.alloc(AES_BLOCK * Math.ceil((6 + uid.length + counterBytes.length) / AES_BLOCK));
  sv.set(prefix);
  sv.set(uid, 6);
  sv.set(counterBytes, 6 + uid.length);
  return sv;
}

/** KSesSDMFileReadMAC. `counterBytes` LSB first, as in PICCData. The band's key is cached. */
export const sdmSessionMacKey = (fileReadKey: Uint8Array, uid: Uint8Array, counterBytes: Uint8Array): Buffer =>
  cachedAesKey(fileReadKey).cmac(sessionVector([0x3c, 0xc3, 0x00, 0x01, 0x00, 0x80], uid, counterBytes));

/** KSesSDMFileReadENC. */
export const sdmSessionEncKey = (fileReadKey: Uint8Array, uid: Uint8Array, counterBytes: Uint8Array): Buffer =>
  cachedAesKey(fileReadKey).cmac(sessionVector([0xc3, 0x3c, 0x00, 0x01, 0x00, 0x80], uid, counterBytes));

/** The 8-byte SDMMAC the tag sends: the odd-indexed bytes of the full CMAC. */
export function sdmMac(
  fileReadKey: Uint8Array,
  uid: Uint8Array,
  counterBytes: Uint8Array,
  macInput: Uint8Array,
): Buffer {
  // The session key changes with every tap: prepared once, not cached.
  const full = prepareAesKey(sdmSessionMacKey(fileReadKey, uid, counterBytes)).cmac(macInput);
  const out = Buffer.allocUnsafe(8);
  for (let i = 0; i < 8; i++) out[i] = full[2 * i + 1]!;
  return out;
}

/** Decrypts SDMENCFileData (a whole number of blocks). */
export function decryptSdmFileData(
  fileReadKey: Uint8Array,
  uid: Uint8Array,
  counterBytes: Uint8Array,
  encrypted: Uint8Array,
): Buffer {
  const key = sdmSessionEncKey(fileReadKey, uid, counterBytes);
  const ivInput = Buffer.alloc(AES_BLOCK);
  ivInput.set(counterBytes);
  const decipher = createDecipheriv('aes-128-cbc', key, aesEncryptBlock(key, ivInput));
  decipher.setAutoPadding(false);
  return decipher.update(encrypted);
}

/** Decrypts and authenticates one SUN message (policy above). */
export function verifySun(message: SunMessage, keys: SunKeys): SunResult {
  const picc = hexBytes(message.piccData, AES_BLOCK);
  if (picc === null) return { ok: false, failure: 'PICC_NOT_HEX' };
  const mac = hexBytes(message.mac, 8);
  if (mac === null) return { ok: false, failure: 'MAC_NOT_HEX' };
  let enc: Buffer | null = null;
  if (message.encFileData !== undefined) {
    enc = hexBytes(message.encFileData, 'blocks');
    if (enc === null) return { ok: false, failure: 'ENC_NOT_HEX' };
  }
  const data = decryptPiccData(keys.metaReadKey, picc);
  if (data === null) return { ok: false, failure: 'PICC_TAG_UNSUPPORTED' };
  const uid = data.uid.toString('hex').toUpperCase();
  const fileReadKey = keys.fileReadKey(data.uid);
  const expected = sdmMac(fileReadKey, data.uid, data.counterBytes, Buffer.from(message.macInput ?? '', 'latin1'));
  if (!macEquals(expected, mac)) return { ok: false, failure: 'MAC_MISMATCH', uid, counter: data.counter };
  if (enc === null) return { ok: true, uid, counter: data.counter };
  return {
    ok: true,
    uid,
    counter: data.counter,
    fileData: decryptSdmFileData(fileReadKey, data.uid, data.counterBytes, enc),
  };
}

/**
 * A plain SUN (UID and counter mirrored in clear, MAC over them): NXP's "plain" SDM variant.
 * `counterHex` is as the tag prints it, most significant byte first.
 */
export function verifyPlainSun(
  uidHex: string,
  counterHex: string,
  macHex: string,
  fileReadKey: Uint8Array,
  macInput = '',
): SunResult {
  const uid = hexBytes(uidHex, UID_LENGTH);
  const counterMsbFirst = hexBytes(counterHex, 3);
  if (uid === null || counterMsbFirst === null) return { ok: false, failure: 'PICC_NOT_HEX' };
  const mac = hexBytes(macHex, 8);
  if (mac === null) return { ok: false, failure: 'MAC_NOT_HEX' };
  const counterBytes = Buffer.from(counterMsbFirst).reverse();
  const counter = counterBytes[0]! | (counterBytes[1]! << 8) | (counterBytes[2]! << 16);
  const expected = sdmMac(fileReadKey, uid, counterBytes, Buffer.from(macInput, 'latin1'));
  const uidText = uid.toString('hex').toUpperCase();
  if (!macEquals(expected, mac)) return { ok: false, failure: 'MAC_MISMATCH', uid: uidText, counter };
  return { ok: true, uid: uidText, counter };
}

/** SDMReadCtr as the tag sends it: 3 bytes, LSB first. */
export const sdmCounterBytes = (counter: number): Buffer =>
  Buffer.of(counter & 0xff, (counter >> 8) & 0xff, (counter >> 16) & 0xff);

/**
 * What a tag mirrors (ASCII, upper-case hex): PICCData = E(meta-read key, C7 || UID || SDMReadCtr ||
 * `padding`) and the SDMMAC over `macInput`. `padding` is the tag's 5 random bytes; the caller draws
 * them, so tests can give fixed ones.
 */
export function sunMirror(
  keys: { metaReadKey: Uint8Array; fileReadKey: Uint8Array },
  uid: Uint8Array,
  counter: number,
  padding: Uint8Array,
  macInput: Uint8Array = new Uint8Array(),
): { piccData: string; mac: string } {
  if (uid.length !== UID_LENGTH || padding.length !== AES_BLOCK - 1 - UID_LENGTH - 3) {
    throw new RangeError('PICCData is C7, a 7-byte UID, 3 counter bytes and 5 bytes of padding');
  }
  const counterBytes = sdmCounterBytes(counter);
  const plain = Buffer.concat([Buffer.of(0xc0 | UID_LENGTH), uid, counterBytes, padding]);
  return {
    piccData: aesEncryptBlock(keys.metaReadKey, plain).toString('hex').toUpperCase(),
    mac: sdmMac(keys.fileReadKey, uid, counterBytes, macInput).toString('hex').toUpperCase(),
  };
}
