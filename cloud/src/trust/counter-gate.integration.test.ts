import { describe, expect, test } from 'vitest';
import { testRedis } from '../../../test/databases.ts';
import { type CounterGate, memoryCounterGate, redisCounterGate } from './counter-gate.ts';

const { redis } = testRedis();

let band = 0;
const gates: [string, () => CounterGate][] = [
  ['Redis', () => redisCounterGate(redis)],
  ['memory', () => memoryCounterGate()],
];

describe.each(gates)('%s counter gate', (_name, makeGate) => {
  test('passes a counter once, then only greater ones', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    const results = [];
    for (const counter of [1, 1, 2, 0, 2, 7, 6, 8]) results.push(await gate.advance(key, counter));
    expect(results.map((step) => step === 'ADVANCED')).toEqual([true, false, true, false, false, true, false, true]);
  });

  test('of 50 concurrent taps with the same counter exactly one passes', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => gate.advance(key, 42)));
    expect(results.filter((step) => step === 'ADVANCED')).toHaveLength(1);
  });

  test('keeps bands apart', async () => {
    const gate = makeGate();
    const a = `band-${band++}`;
    const b = `band-${band++}`;
    expect(await gate.advance(a, 5)).toBe('ADVANCED');
    expect(await gate.advance(b, 5)).toBe('ADVANCED');
    expect(await gate.advance(a, 5)).toBe('NOT_ADVANCED');
  });

  test('honours the recorded floor when it has no value of its own', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    expect(await gate.advance(key, 10, 10)).toBe('NOT_ADVANCED');
    expect(await gate.advance(key, 11, 10)).toBe('ADVANCED');
    // Once it has its own, a lower floor changes nothing.
    expect(await gate.advance(key, 11, 3)).toBe('NOT_ADVANCED');
    expect(await gate.advance(key, 12, null)).toBe('ADVANCED');
  });

  test('passes counter 0 on a band never seen (the first read after encoding)', async () => {
    expect(await makeGate().advance(`band-${band++}`, 0)).toBe('ADVANCED');
  });

  test('a forged counter far ahead does not move the mark; the real taps after it pass', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    const steps = [];
    for (const counter of [1, 2, 0xffffff, 3, 4, 0xffffff, 5]) steps.push(await gate.advance(key, counter));
    expect(steps).toEqual(['ADVANCED', 'ADVANCED', 'JUMPED', 'ADVANCED', 'ADVANCED', 'JUMPED', 'ADVANCED']);
  });

  test('two forged taps in a row (xFFFFFE, xFFFFFF) over a mark do not confirm each other', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    const steps = [];
    for (const counter of [7, 8, 0xfffffe, 0xffffff, 9, 10]) steps.push(await gate.advance(key, counter));
    expect(steps).toEqual(['ADVANCED', 'ADVANCED', 'JUMPED', 'JUMPED', 'ADVANCED', 'ADVANCED']);
  });

  test('nor over the mark on record when the gate holds nothing (Redis lost the key)', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    expect(await gate.advance(key, 0xfffffe, 20)).toBe('JUMPED');
    expect(await gate.advance(key, 0xffffff, 20)).toBe('JUMPED');
    expect(await gate.advance(key, 21, 20)).toBe('ADVANCED');
  });

  test('a jump is confirmed by the tap in sequence after it (a tag read often before its first tap)', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    expect(await gate.advance(key, 5000)).toBe('JUMPED');
    expect(await gate.advance(key, 5001)).toBe('ADVANCED');
    expect(await gate.advance(key, 5001)).toBe('NOT_ADVANCED');
  });

  test('a reset forgets the band: its next counter in reach passes again', async () => {
    const gate = makeGate();
    const key = `band-${band++}`;
    expect(await gate.advance(key, 900)).toBe('ADVANCED');
    expect(await gate.advance(key, 5)).toBe('NOT_ADVANCED');
    await gate.reset(key);
    expect(await gate.advance(key, 5)).toBe('ADVANCED');
  });

  test('without a bound (authenticated counters) any forward jump passes', async () => {
    expect(await makeGate().advance(`band-${band++}`, 0xffffff, null, null)).toBe('ADVANCED');
  });

  test.each([-1, 0x1000000, 1.5, Number.NaN])('refuses counter %s', async (counter) => {
    await expect(makeGate().advance('x', counter)).rejects.toThrow(RangeError);
  });
});

describe('Redis counter gate keys', () => {
  test('expire after the configured time and are refreshed on advance', async () => {
    const gate = redisCounterGate(redis, { ttlSeconds: 1000 });
    const key = `band-${band++}`;
    await gate.advance(key, 1);
    const ttl = await redis.ttl(`trust:ctr:h:${key}`);
    expect(ttl).toBeGreaterThan(900);
    expect(ttl).toBeLessThanOrEqual(1000);
  });
});
