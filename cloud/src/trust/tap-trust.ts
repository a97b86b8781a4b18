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
 *   else → atomically: step = stepCounter(state, counter) (and store it) → counterVerdict(step)
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
  | 'COUNTER_NOT_ADVANCED'
  | 'COUNTER_JUMP';

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

/**
 * How far past the last genuine counter an NTAG21x tap may land by itself: reads that never reached us
 * (a phone offline, a desk's verify reads) make real gaps, but far fewer than this. The mirror carries
 * no MAC, so a counter farther ahead may be forged (`m=<UID>xFFFFFF` from one URL seen once): it must
 * not become the high-water mark, or every real tap after it would be REPLAYED (docs/tap-trust.md).
 */
export const MAX_COUNTER_STEP = 1000;

/** ADVANCED: a new high-water mark (GENUINE); NOT_ADVANCED: at or below it (REPLAYED); JUMPED: too far ahead. */
export type CounterStep = 'ADVANCED' | 'NOT_ADVANCED' | 'JUMPED';

export interface CounterState {
  /** The last counter accepted as genuine (null: none yet). */
  readonly last: number | null;
  /** A counter that jumped too far on a band with no mark yet, waiting for a tap in sequence to confirm it. */
  readonly pending: number | null;
}

/**
 * The atomic step, as a pure reference (the Redis gate runs the same rule in Lua): a counter past the
 * mark by at most `maxStep` (from 0 when there is none) advances it; one farther ahead is JUMPED. On a
 * band with no mark yet (a tag read many times before its first tap here) the jump is remembered and
 * becomes the mark when a later tap lands in sequence after it. Over a mark it is never confirmed: two
 * forged taps in a row (`xFFFFFE`, `xFFFFFF`) would otherwise lock the real band out, and a real band
 * does not skip 1,000 reads between two of its taps (the organizer can reset its counter: docs/tap-trust.md).
 * `maxStep` null: no bound (NTAG 424 counters are authenticated).
 */
export function stepCounter(
  state: CounterState,
  counter: number,
  maxStep: number | null = MAX_COUNTER_STEP,
): { readonly step: CounterStep; readonly next: CounterState } {
  const { last, pending } = state;
  if (last !== null && counter <= last) return { step: 'NOT_ADVANCED', next: state };
  const inReach = maxStep === null || counter - (last ?? 0) <= maxStep;
  const confirms =
    last === null && pending !== null && maxStep !== null && counter > pending && counter - pending <= maxStep;
  if (inReach || confirms) return { step: 'ADVANCED', next: { last: counter, pending: null } };
  return { step: 'JUMPED', next: { last, pending: last === null ? counter : null } };
}

/** The second step's verdict: GENUINE past the mark, REPLAYED at or below it, COPIED for a jump. */
export const counterVerdict = (
  step: CounterStep,
): { readonly verdict: 'GENUINE' | 'REPLAYED' | 'COPIED'; readonly reason: TapTrustReason } =>
  step === 'ADVANCED'
    ? { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' }
    : step === 'NOT_ADVANCED'
      ? { verdict: 'REPLAYED', reason: 'COUNTER_NOT_ADVANCED' }
      : { verdict: 'COPIED', reason: 'COUNTER_JUMP' };
