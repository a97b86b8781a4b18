import { DomainError } from '../errors.ts';
import { AUTH0_DISABLED, type MirrorConf, type NtagConfig } from './config.ts';
import { FIRST_USER_PAGE, NTAG_SPECS, type NtagType, PAGE_SIZE, toPages, uriImage } from './memory-layout.ts';

/**
 * The NTAG21x ASCII mirror (datasheet §8.7): on every READ/FAST_READ the tag replaces bytes of its
 * NDEF message, as it sends them, with its UID (14 hex characters), its 24-bit NFC counter (6 hex
 * characters) or both separated by 'x' (21 characters), starting at MIRROR_PAGE / MIRROR_BYTE. The
 * bytes stored there are only placeholders, so a band's URL is encoded with
 * `m=00000000000000x000000` and the mirror pointed at the first placeholder character; a phone then
 * reads `…&m=04A1B2C3D4E5F6x00002A`.
 *
 * The mirror must lie wholly in user memory (page 4 up to the last user page); the tag does not
 * mirror otherwise.
 */

export const MIRROR_PLACEHOLDER = '00000000000000x000000';
export const MIRROR_QUERY_PARAM = 'm';

const MIRROR_LENGTHS: Readonly<Record<MirrorConf, number>> = { NONE: 0, UID: 14, COUNTER: 6, UID_AND_COUNTER: 21 };

/** Characters the mirror occupies. */
export const mirrorLength = (conf: MirrorConf): number => MIRROR_LENGTHS[conf];

/** Byte address (page × 4 + byte) of the first mirrored character. */
export const mirrorAddress = (config: Pick<NtagConfig, 'mirrorPage' | 'mirrorByte'>): number =>
  config.mirrorPage * PAGE_SIZE + config.mirrorByte;

/** Whether the tag mirrors at all with this configuration: start at page 4 or later, end in user memory. */
export function isMirrorActive(type: NtagType, config: Pick<NtagConfig, 'mirrorConf' | 'mirrorPage' | 'mirrorByte'>) {
  if (config.mirrorConf === 'NONE' || config.mirrorPage < FIRST_USER_PAGE) return false;
  const end = mirrorAddress(config) + mirrorLength(config.mirrorConf);
  return end <= (NTAG_SPECS[type].lastUserPage + 1) * PAGE_SIZE;
}

const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0');

/** The ASCII the tag sends in place of the placeholder (upper-case hex, counter MSB first). */
export function mirrorText(conf: MirrorConf, uid: Uint8Array, counter: number): string {
  if (uid.length !== 7) throw new RangeError('an NTAG21x UID has 7 bytes');
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffff)
    throw new RangeError('the NFC counter has 24 bits');
  const uidText = Array.from(uid, (b) => hex(b, 2)).join('');
  const counterText = hex(counter, 6);
  switch (conf) {
    case 'NONE':
      return '';
    case 'UID':
      return uidText;
    case 'COUNTER':
      return counterText;
    case 'UID_AND_COUNTER':
      return `${uidText}x${counterText}`;
  }
}

/**
 * Memory from page 4 as a reader sees it: `data` (the bytes stored from page 4 on) with the mirror
 * applied, when the configuration mirrors. For the virtual tag and for read-back checks.
 */
export function applyMirror(
  type: NtagType,
  data: Uint8Array,
  config: Pick<NtagConfig, 'mirrorConf' | 'mirrorPage' | 'mirrorByte'>,
  uid: Uint8Array,
  counter: number,
): Uint8Array {
  const out = Uint8Array.from(data);
  if (!isMirrorActive(type, config)) return out;
  const text = mirrorText(config.mirrorConf, uid, counter);
  const start = mirrorAddress(config) - FIRST_USER_PAGE * PAGE_SIZE;
  for (let i = 0; i < text.length && start + i < out.length; i++) out[start + i] = text.charCodeAt(i);
  return out;
}

/** Adds `m=<placeholder>` to a band URL (the URL must not carry one yet). */
export function withMirrorPlaceholder(url: string): string {
  if (/[?&]m=/.test(url)) throw new DomainError('BAD_INPUT', 'The URL already has an m= parameter');
  return `${url}${url.includes('?') ? '&' : '?'}${MIRROR_QUERY_PARAM}=${MIRROR_PLACEHOLDER}`;
}

export interface MirrorPlan {
  readonly type: NtagType;
  /** The URL as stored, placeholder included. */
  readonly url: string;
  /** Bytes to write from page 4: NDEF TLV + terminator, zero-padded to whole pages. */
  readonly data: Uint8Array;
  /** The same, page by page, starting at page 4. */
  readonly pages: readonly Uint8Array[];
  readonly mirrorPage: number;
  readonly mirrorByte: number;
}

/** Where the mirror must start for the placeholder in `image` (the bytes written from page 4). */
export function mirrorPlacement(image: Uint8Array): Pick<MirrorPlan, 'mirrorPage' | 'mirrorByte'> {
  const address = FIRST_USER_PAGE * PAGE_SIZE + indexOfAscii(image, MIRROR_PLACEHOLDER);
  return { mirrorPage: Math.floor(address / PAGE_SIZE), mirrorByte: address % PAGE_SIZE };
}

/** Throws BAD_INPUT unless `url` carries exactly one `m=` + MIRROR_PLACEHOLDER parameter. */
export function assertMirrorPlaceholder(url: string): void {
  const marker = `${MIRROR_QUERY_PARAM}=${MIRROR_PLACEHOLDER}`;
  const at = url.indexOf(marker);
  if (at < 0 || url.indexOf(marker, at + 1) >= 0 || !/[?&]$/.test(url.slice(0, at))) {
    throw new DomainError('BAD_INPUT', `The URL must carry exactly one ${marker} parameter`);
  }
}

/**
 * Where the placeholder of `url` lands when its NDEF message is written from page 4 of a freshly
 * formatted `type` tag, so MIRROR_PAGE / MIRROR_BYTE can point at it. Throws BAD_INPUT when the URL has
 * no placeholder (exactly one `m=` + MIRROR_PLACEHOLDER) or does not fit the data area the tag's
 * capability container declares.
 */
export function planMirror(type: NtagType, url: string): MirrorPlan {
  assertMirrorPlaceholder(url);
  const fit = uriImage(NTAG_SPECS[type], null, url);
  if (!fit.image) throw new DomainError('BAD_INPUT', `The URL needs ${fit.needs} bytes; an ${type} holds ${fit.area}`);
  const data = fit.image;
  return { type, url, data, pages: toPages(data), ...mirrorPlacement(data) };
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  outer: for (let i = 0; i + text.length <= bytes.length; i++) {
    for (let j = 0; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
    return i;
  }
  throw new Error('placeholder not found in the encoded message');
}

/**
 * The configuration a SparkMotion band gets: UID + counter mirror at the plan's placeholder, NFC
 * counter on, strong modulation (factory default) kept, and, when `protect`, the password guarding
 * writes from page 4 (NDEF, dynamic lock and configuration pages) while reads stay free
 * (PROT = 0, phones must read it). AUTHLIM stays 0: a limit would let anyone brick re-encoding by
 * failing on purpose, and 2^32 passwords over NFC are out of reach anyway. CFGLCK stays 0 so the
 * console can re-encode.
 */
export function bandTagConfig(
  plan: Pick<MirrorPlan, 'mirrorPage' | 'mirrorByte'>,
  options: { readonly protect: boolean },
): NtagConfig {
  return {
    mirrorConf: 'UID_AND_COUNTER',
    mirrorPage: plan.mirrorPage,
    mirrorByte: plan.mirrorByte,
    strongModulation: true,
    auth0: options.protect ? FIRST_USER_PAGE : AUTH0_DISABLED,
    readProtected: false,
    configLocked: false,
    nfcCounter: true,
    nfcCounterPasswordProtected: false,
    authLimit: 0,
  };
}
