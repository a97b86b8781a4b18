import { describe, expect, test } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('LoginThrottle', () => {
  test('counts each attempt before it is checked: the one past the limit is refused, then the window ends it', () => {
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 1000 + i))).toBe('none');
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 2000))).toBe('RATE_LIMITED');
    expect(codeOf(() => throttle.attempt([{ key: 'b@x' }], 2000))).toBe('none');
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 61_000))).toBe('none');
  });

  test('a refused attempt counts against no key; any locked key refuses', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000 });
    throttle.attempt([{ key: 'ip' }], 0);
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }, { key: 'ip' }], 1))).toBe('RATE_LIMITED');
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 2))).toBe('none');
  });

  test('a per-key limit (the client IP allows more)', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) throttle.attempt([{ key: 'ip', limit: 5 }], i);
    expect(codeOf(() => throttle.attempt([{ key: 'ip', limit: 5 }], 9))).toBe('RATE_LIMITED');
  });

  test('a success forgets the account’s attempts and gives the client its attempt back', () => {
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000 });
    throttle.attempt([{ key: 'a@x' }, { key: 'ip' }], 0);
    throttle.attempt([{ key: 'a@x' }, { key: 'ip' }], 1);
    throttle.succeeded(['a@x'], ['ip']);
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }, { key: 'ip' }], 2))).toBe('none');
    expect(codeOf(() => throttle.attempt([{ key: 'ip' }], 3))).toBe('RATE_LIMITED');
  });

  test('tracks at most maxKeys keys, forgetting the oldest', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    for (const key of ['a@x', 'b@x', 'c@x']) throttle.attempt([{ key }], 0);
    expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 1))).toBe('none');
    expect(codeOf(() => throttle.attempt([{ key: 'c@x' }], 1))).toBe('RATE_LIMITED');
  });
});

test('tells its metrics each time a key gets locked, and each attempt refused while locked', () => {
  let locked = 0;
  let refused = 0;
  const throttle = new LoginThrottle({
    maxFailures: 2,
    windowMs: 60_000,
    onLocked: () => locked++,
    onRefused: () => refused++,
  });
  throttle.attempt([{ key: 'a@x' }], 0);
  expect(locked).toBe(0);
  throttle.attempt([{ key: 'a@x' }], 1);
  expect(locked).toBe(1);
  expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 3))).toBe('RATE_LIMITED');
  expect(codeOf(() => throttle.attempt([{ key: 'a@x' }], 4))).toBe('RATE_LIMITED');
  expect(refused).toBe(2);
  throttle.attempt([{ key: 'a@x' }], 60_000);
  throttle.attempt([{ key: 'a@x' }], 60_001);
  expect(locked).toBe(2);
});
