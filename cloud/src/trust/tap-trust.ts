import { MIRROR_QUERY_PARAM } from '@sparkmotion/shared/ntag/mirror';
import { parseMirrorParam } from '@sparkmotion/shared/ntag/mirror-param';
import { type SunKeys, verifySun } from '@sparkmotion/shared/ntag424/sun';
import { SUN_MAC_QUERY_PARAM, SUN_PICC_QUERY_PARAM } from '@sparkmotion/shared/ntag424/sun-template';

/**
 * Whether a tap came from the band's own tag, from what its URL carries. Pure: the per-band
 * "last counter seen" must be compared and set atomically by the caller (two concurrent taps with
 * the same counter: exactly one is genuine), so this works in two steps:
 *
 *   const check = checkTap(band, url.searchParams, keys);
 *   if (check.final) → check.verdict
 *   else → atomically: advanced = counter > last (and store it) → counterVerdict(advanced)
 *
 * Policy:
 * - UNVERIFIED: the band was encoded before tap-trust (`trust: 'NONE'`); nothing to check.
 * - COPIED: the URL cannot have come from the band's tag: no `m=` / SUN parameters on a band
 *   encoded with them, the unmirrored placeholder, a malformed value, a UID other than the
 *   band's, or a SUN message that fails to decrypt or authenticate.
 * - GENUINE / REPLAYED: the tag's own UID with a counter; genuine when the counter moved past the
 *   last one seen, replayed otherwise (the same URL opened again, or a recorded one).
 *
 * Never throws on what the query holds; a bad value is a verdict with a reason. The URL shapes are
 * those of `@sparkmotion/shared/ntag/mirror` and `…/ntag424/sun-template`.
 */

export type BandTrust = 'NONE' | 'NTAG21X_MIRROR' | 'NTAG424_SUN';
export type TapVerdict = 'GENUINE' | 'REPLAYED' | 'COPIED' | 'UNVERIFIED';
export type TapTrustReason =
  | 'NOT_ENROLLED'
  | 'NO_EVIDENCE'
  | 'PLACEHOLDER'
  | 'MALFORMED'
  | 'UID_MISMATCH'
  | 'SUN_INVALID'
  | 'COUNTER_ADVANCED'
  | 'COUNTER_NOT_ADVANCED';

export interface TrustBand {
  readonly trust: BandTrust;
  /** The UID registered at encoding, 14 hex characters (any case); null when unknown. */
  readonly uid: string | null;
}

export type TapCheck =
  | { readonly final: true; readonly verdict: TapVerdict; readonly reason: TapTrustReason; readonly detail?: string }
  | { readonly final: false; readonly uid: string; readonly counter: number };

const single = (query: URLSearchParams, name: string): string | null => {
  const all = query.getAll(name);
  return all.length === 1 ? all[0]! : null;
};

const copied = (reason: TapTrustReason, detail?: string): TapCheck =>
  detail === undefined
    ? { final: true, verdict: 'COPIED', reason }
    : { final: true, verdict: 'COPIED', reason, detail };

function matchUid(band: TrustBand, uid: string, counter: number): TapCheck {
  if (band.uid !== null && band.uid.toUpperCase() !== uid) return copied('UID_MISMATCH');
  return { final: false, uid, counter };
}

/** `sunKeys` is needed only for NTAG 424 DNA bands (the band's organization's keys). */
export function checkTap(band: TrustBand, query: URLSearchParams, sunKeys?: SunKeys | null): TapCheck {
  if (band.trust === 'NTAG21X_MIRROR') return checkMirror(band, query);
  if (band.trust === 'NTAG424_SUN') return checkSun(band, query, sunKeys ?? null);
  return { final: true, verdict: 'UNVERIFIED', reason: 'NOT_ENROLLED' };
}

function checkMirror(band: TrustBand, query: URLSearchParams): TapCheck {
  const mirror = parseMirrorParam(query.getAll(MIRROR_QUERY_PARAM));
  if (mirror.kind === 'ABSENT') return copied('NO_EVIDENCE');
  if (mirror.kind === 'PLACEHOLDER') return copied('PLACEHOLDER');
  if (mirror.kind === 'MALFORMED') return copied('MALFORMED', mirror.reason);
  return matchUid(band, mirror.uid, mirror.counter);
}

function checkSun(band: TrustBand, query: URLSearchParams, sunKeys: SunKeys | null): TapCheck {
  if (!query.has(SUN_PICC_QUERY_PARAM) && !query.has(SUN_MAC_QUERY_PARAM)) return copied('NO_EVIDENCE');
  const piccData = single(query, SUN_PICC_QUERY_PARAM);
  const mac = single(query, SUN_MAC_QUERY_PARAM);
  if (piccData === null || mac === null) return copied('MALFORMED', 'SUN_PARAMETERS');
  if (sunKeys === null) return { final: true, verdict: 'UNVERIFIED', reason: 'NOT_ENROLLED', detail: 'NO_KEYS' };
  const sun = verifySun({ piccData, mac }, sunKeys);
  if (!sun.ok) return copied('SUN_INVALID', sun.failure);
  return matchUid(band, sun.uid, sun.counter);
}

/** The second step: whether the atomic compare-and-set found the counter past the last one seen. */
export const counterVerdict = (
  advanced: boolean,
): { readonly verdict: 'GENUINE' | 'REPLAYED'; readonly reason: TapTrustReason } =>
  advanced
    ? { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' }
    : { verdict: 'REPLAYED', reason: 'COUNTER_NOT_ADVANCED' };

/** Pure reference for the atomic step: a counter advances when strictly greater than the last seen. */
export const counterAdvances = (counter: number, lastSeen: number | null): boolean =>
  lastSeen === null || counter > lastSeen;
