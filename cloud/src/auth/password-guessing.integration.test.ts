import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { errorCodeOf, useTestCloud } from '../../test/support/index.ts';

/** Password guessing against the real cloud over HTTP: each check is counted before scrypt runs. */
const tc = useTestCloud();

const codes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'OK' : errorCodeOf(r.reason)));

describe('password guessing', () => {
  test('50 wrong passwords sent at once: at most 10 are checked, the rest refused, then the right one waits too', async () => {
    const { email } = await tc.newUser('Target');
    const anonymous = tc.clientFor(null);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => anonymous.auth.login.mutate({ email, password: `wrong guess ${i}` })),
    );
    const seen = codes(results);
    expect(seen.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(10);
    expect(seen.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(40);
    expect(seen).not.toContain('OK');
  });

  test('changePassword’s current-password check is throttled too', async () => {
    const user = await tc.newUser('Session thief');
    const seen: string[] = [];
    for (let i = 0; i < 11; i++) {
      seen.push(
        await user.caller.auth
          .changePassword({ currentPassword: `guess ${i}`, newPassword: 'a new password 123' })
          .then(() => 'OK', errorCodeOf),
      );
    }
    expect(seen.slice(0, 10)).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
    expect(seen[10]).toBe('RATE_LIMITED');
  });

  test('a hash made at the old cost (N=2^15) is replaced at sign-in by one at N=2^17', async () => {
    const { email, password, userId } = await tc.newUser('Old hash');
    const salt = randomBytes(16);
    const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const old = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await tc.db.query('update users set password_hash = $2 where id = $1', [userId, old]);
    await tc.clientFor(null).auth.login.mutate({ email, password });
    const { rows } = await tc.db.query<{ password_hash: string }>('select password_hash from users where id = $1', [
      userId,
    ]);
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    await tc.clientFor(null).auth.login.mutate({ email, password });
  });

  test('a real sign-in during a flood of guesses on other accounts waits for a bounded few hashes, not the flood', async () => {
    const { email, password } = await tc.newUser('Real person');
    const anonymous = tc.clientFor(null);
    // One password check on its own, on this machine now: the unit the wait is measured in (no wall-clock goal).
    const baseline = await tc.newUser('Baseline');
    const alone = performance.now();
    await anonymous.auth.login.mutate({ email: baseline.email, password: 'wrong' }).catch(() => undefined);
    const oneHash = performance.now() - alone;
    const flood = Array.from({ length: 30 }, (_, i) =>
      anonymous.auth.login.mutate({ email: `nobody${i}@example.com`, password: 'guess' }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const outcome = await anonymous.auth.login.mutate({ email, password }).then(() => 'OK', errorCodeOf);
    const waited = performance.now() - started;
    await Promise.all(flood);
    expect(['OK', 'RATE_LIMITED']).toContain(outcome);
    // Bounded hashing puts at most a handful of checks ahead of it; behind the whole flood it would wait ~16.
    expect(waited).toBeLessThan(8 * oneHash + 300);
  });
});
