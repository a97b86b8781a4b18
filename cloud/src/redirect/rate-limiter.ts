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

export class RateLimiter {
  private second = -1;
  private ips = new Map<string, number>();
  private bands = new Map<string, number>();
  private readonly limits: RateLimits;

  constructor(limits: RateLimits) {
    this.limits = limits;
  }

  /** Counts one tap; true when it is over a limit. Fixed one-second windows, reset wholesale. */
  hit(ip: string, bandId: string, nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.ips = new Map();
      this.bands = new Map();
    }
    const ipCount = (this.ips.get(ip) ?? 0) + 1;
    this.ips.set(ip, ipCount);
    const bandCount = (this.bands.get(bandId) ?? 0) + 1;
    this.bands.set(bandId, bandCount);
    return ipCount > this.limits.perIpPerSecond || bandCount > this.limits.perBandPerSecond;
  }
}
