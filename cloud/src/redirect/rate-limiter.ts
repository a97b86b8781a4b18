/**
 * Per-client-IP and per-band tap rate limits, counted in memory per instance (a network round trip
 * per tap would cost more than the abuse it stops).
 *
 * Policy: an over-limit tap still gets its 302 and is recorded, flagged `rate_limited`, and left out
 * of counts. A 429 would fail an attendee behind a busy NAT or a phone that re-sends; a flag costs
 * nothing and keeps the evidence. Limits are per second, per instance: behind N instances the
 * effective limit is up to N times higher, which is fine for a flag.
 */
export interface RateLimits {
  /** Taps per second from one client IP (a venue NAT with 2,000 phones is not abuse: keep it high). */
  readonly perIpPerSecond: number;
  /** Taps per second on one band (50/s on one band is abuse). */
  readonly perBandPerSecond: number;
}

/**
 * One band's taps in its current second. A known band's count lives on its cache entry (the resolver
 * hands it out with the band), so the hot path counts without a map lookup of its own.
 */
export interface BandTapCount {
  second: number;
  count: number;
}

export const newBandTapCount = (): BandTapCount => ({ second: -1, count: 0 });

export class RateLimiter {
  private second = -1;
  private ips = new Map<string, number>();
  /** Counts for bandIds the cache does not hold (unknown, malformed), reset every second. */
  private orphans = new Map<string, BandTapCount>();
  private readonly limits: RateLimits;

  constructor(limits: RateLimits) {
    this.limits = limits;
  }

  /**
   * Counts one tap; true when it is over a limit. Fixed one-second windows. `band` is the band's
   * count (`BandTapCount`), or a raw bandId the cache does not hold.
   */
  hit(ip: string, band: BandTapCount | string, nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.ips = new Map();
      this.orphans = new Map();
    }
    const ipCount = (this.ips.get(ip) ?? 0) + 1;
    this.ips.set(ip, ipCount);
    const taps = typeof band === 'string' ? this.orphan(band) : band;
    if (taps.second !== second) {
      taps.second = second;
      taps.count = 0;
    }
    taps.count++;
    return ipCount > this.limits.perIpPerSecond || taps.count > this.limits.perBandPerSecond;
  }

  private orphan(bandId: string): BandTapCount {
    let taps = this.orphans.get(bandId);
    if (!taps) {
      taps = newBandTapCount();
      this.orphans.set(bandId, taps);
    }
    return taps;
  }
}
