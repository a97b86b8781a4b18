import type { SunKeys } from '@sparkmotion/shared/ntag424/sun';
import { type BandTrust, type CounterState, checkTap, stepCounter } from './tap-trust.ts';

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
 * per-process counter state (`stepCounter`, as the pipeline's gate) catches the same URL opened again on
 * this instance, and a forged counter far ahead neither passes nor moves the mark past the real band. That replay check
 * is not shared between instances (sharing it would cost a Redis round trip per tap): the verdict the
 * pipeline records with the atomic counter gate stays the truth, this only picks the page; the organizer's
 * counter reset reaches every instance's guard through the redirect's invalidation channel. NTAG 424 DNA
 * bands are diverted only for copies that need no key (missing or malformed SUN parameters): the keys are
 * not on the hot path.
 */
export function createTrustPolicyGuard(options: { maxBands?: number } = {}) {
  const maxBands = options.maxBands ?? 200_000;
  const states = new Map<string, CounterState>();
  return {
    /** True when this tap goes to the fallback URL. `search` is the request's query (evidence included). */
    divert(policy: TrustPolicy | undefined, band: PolicyBand, search: URLSearchParams, sunKeys?: SunKeys): boolean {
      if (policy !== 'FALLBACK' || band.trust === undefined || band.trust === 'NONE') return false;
      const check = checkTap({ trust: band.trust, uid: band.uid ?? null }, search, sunKeys ?? null);
      if (check.final) return check.verdict === 'COPIED' || check.verdict === 'REPLAYED';
      const bound = band.trust === 'NTAG424_SUN' ? null : undefined;
      const held = states.get(band.bandId);
      const { step, next } = stepCounter(held ?? { last: null, pending: null }, check.counter, bound);
      states.delete(band.bandId);
      states.set(band.bandId, next);
      if (states.size > maxBands) states.delete(states.keys().next().value!);
      // First sight on this instance (it holds no record): remembered, never diverted for its counter.
      if (!held) return false;
      return step !== 'ADVANCED';
    },
    /** Forgets a band's counter here (its counter was reset on record): its next tap is a first sight. */
    forget(bandId: string): void {
      states.delete(bandId);
    },
    /** Forgets every counter here (resets may have been missed while the invalidation listener was down). */
    forgetAll(): void {
      states.clear();
    },
  };
}

export type TrustPolicyGuard = ReturnType<typeof createTrustPolicyGuard>;
