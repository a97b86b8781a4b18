import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import {
  CC_PAGE,
  FIRST_USER_PAGE,
  type LockBytes,
  type LockState,
  lockState,
  NTAG_SPECS,
  type NtagSpec,
  type NtagType,
  ntagTypeFromCc,
  ntagTypeFromVersion,
  PAGE_SIZE,
  parseCapabilityContainer,
  userBytes,
} from '@sparkmotion/shared/ntag/memory-layout';

/** Sends one APDU to the card in a reader and returns the answer, status word included. */
export type Transmit = (apdu: Buffer, responseMaxLength: number) => Promise<Buffer>;

/** The tag did not answer (left the field, reader gone): `cause` is the PC/SC error. */
export class TagGoneError extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(`tag did not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'TagGoneError';
    this.cause = cause;
  }
}

/** The reader answered with a status word other than 90 00 (a locked page, a NAK, a reader error). */
export class TagStatusError extends Error {
  readonly sw: string;
  constructor(operation: string, sw: string) {
    super(`${operation} failed with status ${sw}`);
    this.name = 'TagStatusError';
    this.sw = sw;
  }
}

async function send(transmit: Transmit, apdu: Buffer, max: number, operation: string): Promise<Buffer> {
  let answer: Buffer;
  try {
    answer = await transmit(apdu, max);
  } catch (error) {
    throw new TagGoneError(error);
  }
  if (answer.length < 2) throw new TagGoneError(new Error(`answer of ${answer.length} bytes`));
  const sw = answer.subarray(-2).toString('hex');
  if (sw !== '9000') throw new TagStatusError(operation, sw);
  return answer.subarray(0, -2);
}

/** `FF B0 00 <page> 10`: 16 bytes (4 pages) from `page`. */
export const readFourPages = (transmit: Transmit, page: number): Promise<Buffer> =>
  send(transmit, Buffer.from([0xff, 0xb0, 0x00, page, 0x10]), 18, `read page ${page}`);

/** `FF D6 00 <page> 04 <data>`: one page. */
export async function writePage(transmit: Transmit, page: number, data: Uint8Array): Promise<void> {
  await send(transmit, Buffer.from([0xff, 0xd6, 0x00, page, PAGE_SIZE, ...data]), 2, `write page ${page}`);
}

/** Reads at least `length` bytes (whole 16-byte chunks) from `page` on, one 4-page APDU at a time. */
export async function readBytes(transmit: Transmit, page: number, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let read = 0; read < length; read += 16) chunks.push(await readFourPages(transmit, page + read / PAGE_SIZE));
  return Buffer.concat(chunks);
}

/** Most pages one FAST_READ fetches: the PN532 frame carries at most 262 bytes. */
const FAST_READ_MAX_PAGES = 60;

/**
 * FAST_READ (`3A start end`) through the PN532 pass-through: many pages in one APDU. null when the reader
 * or tag refuses it (then read 4 pages at a time with `FF B0`).
 */
export async function fastRead(transmit: Transmit, start: number, end: number): Promise<Buffer | null> {
  if (end < start || end - start + 1 > FAST_READ_MAX_PAGES) throw new Error('FAST_READ range out of bounds');
  const pages = end - start + 1;
  try {
    const apdu = Buffer.from([0xff, 0x00, 0x00, 0x00, 0x05, 0xd4, 0x42, 0x3a, start, end]);
    const answer = await send(transmit, apdu, pages * PAGE_SIZE + 5, 'fast read');
    if (answer[0] !== 0xd5 || answer[1] !== 0x43 || answer[2] !== 0x00) return null;
    const data = answer.subarray(3);
    return data.length === pages * PAGE_SIZE ? data : null;
  } catch (error) {
    if (error instanceof TagStatusError) return null;
    throw error;
  }
}

/**
 * Reads `length` bytes from `page` on: one FAST_READ when allowed and it works, else 4-page `FF B0` reads.
 * `fastRead` is the caller's memory of whether this reader does FAST_READ (null: not tried yet).
 */
export async function readSpan(
  transmit: Transmit,
  page: number,
  length: number,
  support: { fastRead: boolean | null },
): Promise<Buffer> {
  const pages = Math.ceil(length / PAGE_SIZE);
  if (support.fastRead !== false && pages > 4 && pages <= FAST_READ_MAX_PAGES) {
    const data = await fastRead(transmit, page, page + pages - 1);
    support.fastRead = data !== null;
    if (data) return data.subarray(0, length);
  }
  return (await readBytes(transmit, page, length)).subarray(0, length);
}

/**
 * GET_VERSION through the PN532 pass-through (`FF 00 00 00 03 D4 42 60`); null when the reader or tag does
 * not support it, so the caller falls back to the capability container.
 */
export async function getVersion(transmit: Transmit): Promise<Buffer | null> {
  try {
    const answer = await send(transmit, Buffer.from([0xff, 0x00, 0x00, 0x00, 0x03, 0xd4, 0x42, 0x60]), 40, 'version');
    if (answer[0] !== 0xd5 || answer[1] !== 0x43 || answer[2] !== 0x00) return null;
    return answer.subarray(3);
  } catch (error) {
    if (error instanceof TagStatusError) return null;
    throw error;
  }
}

export type TagContent = { kind: 'blank' } | { kind: 'uri'; uri: string } | { kind: 'other'; detail: string };

export type TagInfo = {
  uid: string;
  /** null: not an NTAG213/215/216 (per GET_VERSION, then the CC). */
  type: NtagType | null;
  cc: Buffer;
  locks: LockBytes;
  lockState: LockState;
  content: TagContent;
  /** CFG0 and CFG1 (4 bytes each), read with the dynamic lock page; null when not an NTAG21x. */
  config: { cfg0: Buffer; cfg1: Buffer } | null;
};

/** Reads what a station needs to decide: type, lock state and the NDEF URI. About 4–6 APDUs. */
export async function readTag(transmit: Transmit, uid: string): Promise<TagInfo> {
  const head = await readFourPages(transmit, 0); // UID, static lock bytes, CC
  const cc = head.subarray(CC_PAGE * PAGE_SIZE, CC_PAGE * PAGE_SIZE + 4);
  const version = await getVersion(transmit);
  const type = (version && ntagTypeFromVersion(version)) ?? ntagTypeFromCc(cc);
  const staticLock = [head[10]!, head[11]!] as const;
  if (!type) {
    return {
      uid,
      type: null,
      cc,
      locks: { static: staticLock, dynamic: [0, 0, 0] },
      lockState: 'unlocked',
      content: { kind: 'other', detail: 'not an NTAG213/215/216' },
      config: null,
    };
  }
  const spec = NTAG_SPECS[type];
  const dyn = await readFourPages(transmit, spec.dynamicLockPage); // dynamic lock, CFG0, CFG1, PWD (zeros)
  const locks: LockBytes = { static: staticLock, dynamic: [dyn[0]!, dyn[1]!, dyn[2]!] };
  return {
    uid,
    type,
    cc,
    locks,
    lockState: lockState(spec, locks, cc),
    content: await readContent(transmit, spec, cc),
    config: { cfg0: dyn.subarray(PAGE_SIZE, 2 * PAGE_SIZE), cfg1: dyn.subarray(2 * PAGE_SIZE, 3 * PAGE_SIZE) },
  };
}

async function readContent(transmit: Transmit, spec: NtagSpec, cc: Buffer): Promise<TagContent> {
  if (!parseCapabilityContainer(cc).ndef) return { kind: 'blank' }; // unformatted: we format it when encoding
  const capacity = userBytes(spec);
  let data = await readFourPages(transmit, FIRST_USER_PAGE);
  for (;;) {
    const scan = scanTlvs(data);
    if (scan.kind === 'empty') return { kind: 'blank' };
    if (scan.kind === 'invalid') return { kind: 'other', detail: scan.reason };
    const need = scan.kind === 'incomplete' ? scan.need : scan.valueOffset + scan.length;
    if (need > capacity) return { kind: 'other', detail: 'NDEF TLV runs past the end of user memory' };
    if (need > data.length) {
      data = Buffer.concat([
        data,
        await readBytes(transmit, FIRST_USER_PAGE + data.length / PAGE_SIZE, need - data.length),
      ]);
      continue;
    }
    if (scan.kind !== 'ndef') continue;
    if (scan.length === 0) return { kind: 'blank' };
    try {
      const uri = findUri(parseNdefMessage(data.subarray(scan.valueOffset, scan.valueOffset + scan.length)));
      return uri === null ? { kind: 'other', detail: 'NDEF message without a URI record' } : { kind: 'uri', uri };
    } catch (error) {
      return { kind: 'other', detail: (error as Error).message };
    }
  }
}

/**
 * PWD_AUTH (`1B pwd`) through the PN532 pass-through: the tag's PACK when the password is right, null when
 * the tag NAKs (wrong password, or the reader cannot pass it through). A real tag needs re-selecting after
 * a NAK, so a caller tries it once per tap, only on a tag whose AUTH0 says it is protected.
 */
export async function pwdAuth(transmit: Transmit, pwd: Uint8Array): Promise<Buffer | null> {
  const apdu = Buffer.from([0xff, 0x00, 0x00, 0x00, 0x07, 0xd4, 0x42, 0x1b, ...pwd]);
  try {
    const answer = await send(transmit, apdu, 7, 'password authentication');
    if (answer[0] !== 0xd5 || answer[1] !== 0x43 || answer[2] !== 0x00 || answer.length < 5) return null;
    return answer.subarray(3, 5);
  } catch (error) {
    if (error instanceof TagStatusError) return null;
    throw error;
  }
}
