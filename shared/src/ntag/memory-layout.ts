/**
 * NXP NTAG213/215/216 memory layout (datasheet NTAG213_215_216 rev 3.2, section 8.5): 4-byte pages; pages
 * 0–2 hold the UID (with check bytes BCC0/BCC1) and the static lock bytes (page 2, bytes 2–3); page 3 is the
 * capability container; user memory starts at page 4; the dynamic lock bytes follow user memory, then the
 * configuration pages. Lock and CC bits are one-time programmable: writes OR into them.
 */

import { encodeUriMessage, wrapNdefTlv } from '../ndef/ndef.ts';

export const PAGE_SIZE = 4;
export const FIRST_USER_PAGE = 4;
export const CC_PAGE = 3;
export const STATIC_LOCK_PAGE = 2;

export type NtagType = 'NTAG213' | 'NTAG215' | 'NTAG216';
export const NTAG_TYPES: readonly NtagType[] = ['NTAG213', 'NTAG215', 'NTAG216'];

export type NtagSpec = {
  type: NtagType;
  /** Number of pages, configuration pages included. */
  pages: number;
  /** Last page of user memory (inclusive). */
  lastUserPage: number;
  dynamicLockPage: number;
  /** Byte 2 of the capability container: data area size / 8. */
  ccSize: number;
  /** Byte 6 of the GET_VERSION answer (storage size). */
  versionStorageSize: number;
  /** Pages covered by one dynamic lock bit. */
  dynamicLockGranularity: number;
};

export const NTAG_SPECS: Readonly<Record<NtagType, NtagSpec>> = {
  NTAG213: {
    type: 'NTAG213',
    pages: 45,
    lastUserPage: 0x27,
    dynamicLockPage: 0x28,
    ccSize: 0x12,
    versionStorageSize: 0x0f,
    dynamicLockGranularity: 2,
  },
  NTAG215: {
    type: 'NTAG215',
    pages: 135,
    lastUserPage: 0x81,
    dynamicLockPage: 0x82,
    ccSize: 0x3e,
    versionStorageSize: 0x11,
    dynamicLockGranularity: 16,
  },
  NTAG216: {
    type: 'NTAG216',
    pages: 231,
    lastUserPage: 0xe1,
    dynamicLockPage: 0xe2,
    ccSize: 0x6d,
    versionStorageSize: 0x13,
    dynamicLockGranularity: 16,
  },
};

/** Bytes of user memory (the NDEF data area). */
export const userBytes = (spec: NtagSpec): number => (spec.lastUserPage - FIRST_USER_PAGE + 1) * PAGE_SIZE;

/**
 * Bytes of the NDEF data area a reader will use: what the capability container declares (size byte × 8),
 * never more than user memory. A tag without an NDEF CC yet gets ours (`capabilityContainer`), so its
 * area is the one ours declares: 144, 496 and 872 bytes, 8 and 16 bytes less than user memory on the
 * NTAG215/216 — a strict reader reads nothing past the declared size.
 */
export function ndefAreaBytes(spec: NtagSpec, cc: Uint8Array | null = null): number {
  const declared = cc && cc[0] === 0xe1 ? (cc[2] ?? 0) * 8 : spec.ccSize * 8;
  return Math.min(declared, userBytes(spec));
}

/**
 * What to write from page 4 for an NDEF message in an area of `areaBytes`: its TLV, then the terminator
 * TLV when there is room for it (NFC Forum Type 2 Tag: the terminator is optional, and an NDEF TLV that
 * fills the area exactly needs none), zero-padded to whole pages. null when the TLV does not fit.
 */
export function ndefImage(message: Uint8Array, areaBytes: number): Uint8Array | null {
  const needed = ndefTlvBytes(message);
  if (needed > areaBytes) return null;
  const tlv = wrapNdefTlv(message);
  const image = new Uint8Array(Math.ceil(Math.min(tlv.length, areaBytes) / PAGE_SIZE) * PAGE_SIZE);
  image.set(tlv.subarray(0, Math.min(tlv.length, areaBytes)));
  return image;
}

/** `ndefImage` of a URI record on this tag (its CC, or ours when it has none), or what it would need. */
export function uriImage(
  spec: NtagSpec,
  cc: Uint8Array | null,
  uri: string,
): { image: Uint8Array } | { image: null; needs: number; area: number } {
  const message = encodeUriMessage(uri);
  const area = ndefAreaBytes(spec, cc);
  const image = ndefImage(message, area);
  return image ? { image } : { image: null, needs: ndefTlvBytes(message), area };
}

/** Bytes the NDEF TLV of `message` takes (header of 2, or 4 from 255 bytes on), terminator not counted. */
export const ndefTlvBytes = (message: Uint8Array): number => message.length + (message.length < 0xff ? 2 : 4);

/** The capability container a formatted NTAG carries: NDEF magic, version 1.0, size, read/write access. */
export const capabilityContainer = (spec: NtagSpec): Uint8Array => Uint8Array.of(0xe1, 0x10, spec.ccSize, 0x00);

/** The 8-byte GET_VERSION answer of an NTAG21x. */
export const versionBytes = (spec: NtagSpec): Uint8Array =>
  Uint8Array.of(0x00, 0x04, 0x04, 0x02, 0x01, 0x00, spec.versionStorageSize, 0x03);

/** The tag type from a GET_VERSION answer, or null for anything that is not an NTAG213/215/216. */
export function ntagTypeFromVersion(version: Uint8Array): NtagType | null {
  if (version.length < 8 || version[1] !== 0x04 || version[2] !== 0x04) return null;
  return NTAG_TYPES.find((t) => NTAG_SPECS[t].versionStorageSize === version[6]) ?? null;
}

export type CapabilityContainer = { ndef: boolean; version: number; dataAreaBytes: number; writeAccess: number };

export function parseCapabilityContainer(cc: Uint8Array): CapabilityContainer {
  return {
    ndef: cc[0] === 0xe1,
    version: cc[1] ?? 0,
    dataAreaBytes: (cc[2] ?? 0) * 8,
    writeAccess: (cc[3] ?? 0) & 0x0f,
  };
}

/** The tag type a capability container announces, when its size byte is an NTAG's. */
export function ntagTypeFromCc(cc: Uint8Array): NtagType | null {
  if (cc[0] !== 0xe1) return null;
  return NTAG_TYPES.find((t) => NTAG_SPECS[t].ccSize === cc[2]) ?? null;
}

/** UID pages 0–2 as the tag stores them: UID0–2, BCC0 (0x88 ^ UID0..2), UID3–6, BCC1, internal, lock0, lock1. */
export function uidPages(uid: Uint8Array): Uint8Array {
  if (uid.length !== 7) throw new Error('an NTAG UID has 7 bytes');
  const bcc0 = 0x88 ^ uid[0]! ^ uid[1]! ^ uid[2]!;
  const bcc1 = uid[3]! ^ uid[4]! ^ uid[5]! ^ uid[6]!;
  return Uint8Array.of(uid[0]!, uid[1]!, uid[2]!, bcc0, uid[3]!, uid[4]!, uid[5]!, uid[6]!, bcc1, 0x48, 0x00, 0x00);
}

export type LockBytes = {
  /** Page 2, bytes 2–3. */
  static: readonly [number, number];
  /** Dynamic lock page, bytes 0–2. */
  dynamic: readonly [number, number, number];
};

/**
 * Whether a page is write-protected by the lock bits. Static lock byte 0 bit 3 locks the CC, bits 4–7
 * pages 4–7; byte 1 locks pages 8–15; each dynamic lock bit covers `dynamicLockGranularity` pages from 16.
 */
export function isPageLocked(spec: NtagSpec, locks: LockBytes, page: number): boolean {
  if (page < CC_PAGE) return page < STATIC_LOCK_PAGE;
  if (page <= 15) {
    const bit = page - CC_PAGE + 3; // CC → bit 3 of lock0, page 4 → bit 4, … page 15 → bit 7 of lock1
    return ((bit < 8 ? locks.static[0] : locks.static[1]) & (1 << (bit % 8))) !== 0;
  }
  if (page > spec.lastUserPage) return false;
  const bit = Math.floor((page - 16) / spec.dynamicLockGranularity);
  const byte = locks.dynamic[bit >> 3] ?? 0;
  return (byte & (1 << (bit & 7))) !== 0;
}

/** Dynamic lock bits (bytes 0–1) that cover the whole user memory past page 15. */
function dynamicLockBits(spec: NtagSpec): [number, number] {
  const bits = Math.ceil((spec.lastUserPage - 15) / spec.dynamicLockGranularity);
  const mask = bits >= 16 ? 0xffff : (1 << bits) - 1;
  return [mask & 0xff, (mask >> 8) & 0xff];
}

/**
 * The writes that make a tag permanently read-only, in the order they must happen: dynamic lock bits,
 * then the CC's write-access nibble (0x0F, NFC Forum "read-only"), then the static lock bytes that also
 * freeze the CC. Irreversible. The block-locking bits are left alone: OR semantics already keep lock bits set.
 */
export function readOnlyLockWrites(spec: NtagSpec): { page: number; data: Uint8Array }[] {
  const [d0, d1] = dynamicLockBits(spec);
  return [
    { page: spec.dynamicLockPage, data: Uint8Array.of(d0, d1, 0x00, 0x00) },
    { page: CC_PAGE, data: Uint8Array.of(0x00, 0x00, 0x00, 0x0f) },
    { page: STATIC_LOCK_PAGE, data: Uint8Array.of(0x00, 0x00, 0xff, 0xff) },
  ];
}

export type LockState = 'unlocked' | 'partially-locked' | 'read-only';

/** Lock state of the user memory as the lock bytes and the CC's write-access nibble say. */
export function lockState(spec: NtagSpec, locks: LockBytes, cc: Uint8Array): LockState {
  let locked = 0;
  for (let page = FIRST_USER_PAGE; page <= spec.lastUserPage; page++) {
    if (isPageLocked(spec, locks, page)) locked++;
  }
  const total = spec.lastUserPage - FIRST_USER_PAGE + 1;
  if (locked === total) return 'read-only';
  return locked > 0 || ((cc[3] ?? 0) & 0x0f) !== 0 ? 'partially-locked' : 'unlocked';
}

/** The pages to write for a data image starting at page 4, padded with zeros to whole pages. */
export function toPages(data: Uint8Array): Uint8Array[] {
  const pages: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += PAGE_SIZE) {
    const page = new Uint8Array(PAGE_SIZE);
    page.set(data.subarray(i, i + PAGE_SIZE));
    pages.push(page);
  }
  return pages;
}
