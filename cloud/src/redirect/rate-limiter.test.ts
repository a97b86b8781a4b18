import { expect, test } from 'vitest';
import { newBandTapCount, RateLimiter } from './rate-limiter.ts';

test('flags a band tapped more than its limit within one second, and forgets it the next second', () => {
  const limiter = new RateLimiter({ perIpPerSecond: 1000, perBandPerSecond: 3 });
  const flags = Array.from({ length: 5 }, (_, i) => limiter.hit(`10.0.0.${i}`, 'bandA', 1_000_500));
  expect(flags).toEqual([false, false, false, true, true]);
  expect(limiter.hit('10.0.0.9', 'bandA', 1_001_000)).toBe(false);
});

test('lets a busy NAT through under the per-IP limit and flags it past the limit', () => {
  const limiter = new RateLimiter({ perIpPerSecond: 2000, perBandPerSecond: 10 });
  let flagged = 0;
  for (let i = 0; i < 2001; i++) if (limiter.hit('198.51.100.1', `band${i}`, 5_000_000)) flagged++;
  expect(flagged).toBe(1);
});

test('counts a cached band on the count it is handed, across calls and seconds', () => {
  const limiter = new RateLimiter({ perIpPerSecond: 1000, perBandPerSecond: 2 });
  const taps = newBandTapCount();
  const flags = Array.from({ length: 3 }, (_, i) => limiter.hit(`10.0.0.${i}`, taps, 7_000_100));
  expect(flags).toEqual([false, false, true]);
  expect(limiter.hit('10.0.0.9', taps, 7_001_000)).toBe(false);
  expect(taps).toEqual({ second: 7001, count: 1 });
});
