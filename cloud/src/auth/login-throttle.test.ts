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
  test('locks an email after the allowed failures and unlocks it when the window has passed', () => {
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(codeOf(() => throttle.check('a@x', 1000 + i))).toBe('none');
      throttle.recordFailure('a@x', 1000 + i);
    }
    expect(codeOf(() => throttle.check('a@x', 2000))).toBe('RATE_LIMITED');
    expect(codeOf(() => throttle.check('b@x', 2000))).toBe('none');
    expect(codeOf(() => throttle.check('a@x', 61_000))).toBe('none');
  });

  test('a success forgets the failures', () => {
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000 });
    throttle.recordFailure('a@x', 0);
    throttle.recordSuccess('a@x');
    throttle.recordFailure('a@x', 1);
    expect(codeOf(() => throttle.check('a@x', 2))).toBe('none');
  });

  test('tracks at most maxKeys emails, forgetting the oldest', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    throttle.recordFailure('a@x', 0);
    throttle.recordFailure('b@x', 0);
    throttle.recordFailure('c@x', 0);
    expect(codeOf(() => throttle.check('a@x', 1))).toBe('none');
    expect(codeOf(() => throttle.check('c@x', 1))).toBe('RATE_LIMITED');
  });
});

test('tells its metrics each time an email gets locked, and each sign-in refused while locked', () => {
  let locked = 0;
  let refused = 0;
  const throttle = new LoginThrottle({
    maxFailures: 2,
    windowMs: 60_000,
    onLocked: () => locked++,
    onRefused: () => refused++,
  });
  throttle.recordFailure('a@x', 0);
  expect(locked).toBe(0);
  throttle.recordFailure('a@x', 1);
  throttle.recordFailure('a@x', 2);
  expect(locked).toBe(1);
  expect(codeOf(() => throttle.check('a@x', 3))).toBe('RATE_LIMITED');
  expect(codeOf(() => throttle.check('a@x', 4))).toBe('RATE_LIMITED');
  expect(refused).toBe(2);
  throttle.recordFailure('a@x', 60_000);
  throttle.recordFailure('a@x', 60_001);
  expect(locked).toBe(2);
});
