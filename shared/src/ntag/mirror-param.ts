import { MIRROR_PLACEHOLDER } from './mirror.ts';

/**
 * The `m=` parameter an NTAG213/215/216 fills in on every read when its ASCII mirror mirrors UID and
 * NFC counter: 14 hex digits of UID, the tag's `x` separator, 6 hex digits of the 24-bit counter
 * (most significant first): `m=04A1B2C3D4E5F6x00002A`.
 *
 * Anything a phone (or a forger) sends is classified, never thrown:
 * - ABSENT: no `m` at all (a band encoded before mirroring, or a static copy of the URL).
 * - PLACEHOLDER: the template as encoded, all zeros: the tag did not mirror (mirror configuration
 *   lost, or the NDEF bytes written onto a tag by another tool).
 * - MALFORMED: present but not the tag's format; `reason` says how.
 * - MIRROR: a UID (upper-case hex) and a counter.
 */

export type MirrorMalformed =
  | 'REPEATED' // more than one m= value
  | 'LENGTH' // not 21 characters
  | 'SEPARATOR' // no 'x' between UID and counter
  | 'UID_NOT_HEX'
  | 'COUNTER_NOT_HEX';

export type MirrorParam =
  | { readonly kind: 'ABSENT' }
  | { readonly kind: 'PLACEHOLDER' }
  | { readonly kind: 'MALFORMED'; readonly reason: MirrorMalformed }
  | { readonly kind: 'MIRROR'; readonly uid: string; readonly counter: number };

const HEX = /^[0-9A-Fa-f]+$/;

/** Classifies the value(s) of `m` (as `URLSearchParams.getAll('m')` or a single `get` gives them). */
export function parseMirrorParam(value: string | readonly string[] | null | undefined): MirrorParam {
  if (value == null) return { kind: 'ABSENT' };
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value.length === 0) return { kind: 'ABSENT' };
  else if (value.length > 1) return { kind: 'MALFORMED', reason: 'REPEATED' };
  else text = value[0]!;
  if (text.length !== MIRROR_PLACEHOLDER.length) return { kind: 'MALFORMED', reason: 'LENGTH' };
  if (text[14] !== 'x') return { kind: 'MALFORMED', reason: 'SEPARATOR' };
  const uid = text.slice(0, 14);
  const counter = text.slice(15);
  if (!HEX.test(uid)) return { kind: 'MALFORMED', reason: 'UID_NOT_HEX' };
  if (!HEX.test(counter)) return { kind: 'MALFORMED', reason: 'COUNTER_NOT_HEX' };
  if (text === MIRROR_PLACEHOLDER) return { kind: 'PLACEHOLDER' };
  return { kind: 'MIRROR', uid: uid.toUpperCase(), counter: Number.parseInt(counter, 16) };
}
