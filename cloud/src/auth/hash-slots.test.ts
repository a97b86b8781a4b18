import { describe, expect, test } from 'vitest';
import { type HashLane, HashSlots } from './hash-slots.ts';

/** A hash that finishes when the test says so; `order` records the lane of each one that started. */
function harness(options = { concurrent: 1, perClientWaiting: 2, perPurposeWaiting: 10 }) {
  const slots = new HashSlots(options);
  const order: string[] = [];
  const finishers: Array<() => void> = [];
  const hash = (lane: HashLane) =>
    slots.run(lane, () => {
      order.push(`${lane.purpose}:${lane.client}`);
      return new Promise<void>((resolve) => finishers.push(resolve));
    });
  const finishAll = async () => {
    while (finishers.length > 0) {
      finishers.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { hash, order, finishAll };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code,
  );

describe('HashSlots', () => {
  test('purposes take turns: a register flood puts at most one waiting hash ahead of a sign-in', async () => {
    const { hash, order, finishAll } = harness();
    const flood = [1, 2, 3].map((i) => hash({ purpose: 'new-account', client: `10.0.0.${i}` }));
    const signIn = hash({ purpose: 'sign-in', client: '192.0.2.1' });
    await finishAll();
    await Promise.all([...flood, signIn]);
    expect(order).toEqual([
      'new-account:10.0.0.1',
      'new-account:10.0.0.2',
      'sign-in:192.0.2.1',
      'new-account:10.0.0.3',
    ]);
  });

  test('within a purpose, clients take turns: a flood from one IP puts one hash ahead of another client', async () => {
    const { hash, order, finishAll } = harness();
    const flood = [1, 2, 3].map(() => hash({ purpose: 'sign-in', client: 'attacker' }));
    const real = hash({ purpose: 'sign-in', client: 'real' });
    await finishAll();
    await Promise.all([...flood, real]);
    expect(order).toEqual(['sign-in:attacker', 'sign-in:attacker', 'sign-in:real', 'sign-in:attacker']);
  });

  test('a client past its waiting share is refused at once; others still wait their turn', async () => {
    const { hash, finishAll } = harness({ concurrent: 1, perClientWaiting: 1, perPurposeWaiting: 10 });
    const first = hash({ purpose: 'sign-in', client: 'a' });
    const queued = hash({ purpose: 'sign-in', client: 'a' });
    expect(await codeOf(hash({ purpose: 'sign-in', client: 'a' }))).toBe('RATE_LIMITED');
    const other = codeOf(hash({ purpose: 'sign-in', client: 'b' }));
    await finishAll();
    await Promise.all([first, queued]);
    expect(await other).toBe('OK');
  });

  test('a purpose whose queue is full refuses; another purpose still queues', async () => {
    const { hash, finishAll } = harness({ concurrent: 1, perClientWaiting: 1, perPurposeWaiting: 2 });
    const flood = [0, 1, 2].map((i) => codeOf(hash({ purpose: 'new-account', client: `10.0.0.${i}` })));
    expect(await codeOf(hash({ purpose: 'new-account', client: '10.0.0.9' }))).toBe('RATE_LIMITED');
    const signIn = codeOf(hash({ purpose: 'sign-in', client: '192.0.2.1' }));
    await finishAll();
    expect(await Promise.all(flood)).toEqual(['OK', 'OK', 'OK']);
    expect(await signIn).toBe('OK');
  });

  test('never more than `concurrent` run, however the slots are handed over', async () => {
    const slots = new HashSlots({ concurrent: 2, perClientWaiting: 10, perPurposeWaiting: 100 });
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
    };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => slots.run({ purpose: 'sign-in', client: `c${i % 7}` }, work)),
    );
    expect(peak).toBe(2);
  });
});
