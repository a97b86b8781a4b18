import type { SunKeys } from '@sparkmotion/shared/ntag424/sun';
import { type BandTrust, checkTap } from './tap-trust.ts';

/** Where an event sends taps that look copied or replayed: the same page (default) or its fallback URL. */
export type TrustPolicy = 'SAME_PAGE' | 'FALLBACK';

export interface PolicyBand {
  readonly bandId: string;
  readonly trust?: BandTrust;
  readonly uid?: string | null;
}

/**
 * The redirect's decision for events whose policy is FALLBACK, made before answering and without I/O:
 * `checkTap` (pure, microseconds) catches copies (no mirror, placeholder, malformed, another UID), and a
 * per-process "last counter seen" catches the same URL opened again on this instance. That replay check
 * is not shared between instances (sharing it would cost a Redis round trip per tap): the verdict the
 * pipeline records with the atomic counter gate stays the truth, this only picks the page. NTAG 424 DNA
 * bands are diverted only for copies that need no key (missing or malformed SUN parameters): the keys are
 * not on the hot path.
 */
export function createTrustPolicyGuard(options: { maxBands?: number } = {}) {
  const maxBands = options.maxBands ?? 200_000;
  const lastSeen = new Map<string, number>();
  return {
    /** True when this tap goes to the fallback URL. `search` is the request's query (evidence included). */
    divert(policy: TrustPolicy | undefined, band: PolicyBand, search: URLSearchParams, sunKeys?: SunKeys): boolean {
      if (policy !== 'FALLBACK' || band.trust === undefined || band.trust === 'NONE') return false;
      const check = checkTap({ trust: band.trust, uid: band.uid ?? null }, search, sunKeys ?? null);
      if (check.final) return check.verdict === 'COPIED' || check.verdict === 'REPLAYED';
      const last = lastSeen.get(band.bandId);
      if (last !== undefined && check.counter <= last) return true;
      lastSeen.delete(band.bandId);
      lastSeen.set(band.bandId, check.counter);
      if (lastSeen.size > maxBands) lastSeen.delete(lastSeen.keys().next().value!);
      return false;
    },
  };
}

export type TrustPolicyGuard = ReturnType<typeof createTrustPolicyGuard>;
