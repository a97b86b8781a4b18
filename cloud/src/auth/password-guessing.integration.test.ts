import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { errorCodeOf, useTestCloud } from '../../test/support/index.ts';

/**
 * Password guessing and hashing floods against the real cloud over HTTP: each check is counted before scrypt
 * runs, and the scrypt slots are shared fairly by purpose and client IP (X-Forwarded-For, as behind a load
 * balancer).
 */
const tc = useTestCloud({ env: { TRUST_PROXY: 'true' } });
const from = (ip: string) => tc.clientFor(null, { 'x-forwarded-for': ip });

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

  /**
   * The real person's sign-in, from their own IP, while `flood` runs. Answers its outcome, and whether a
   * flood call that got a hash (any answer but RATE_LIMITED) finished after it: then it did not wait behind
   * the whole flood. (Order, not wall-clock: on a shared machine two hashes side by side take twice as long.)
   */
  async function signInDuring(flood: Array<() => Promise<unknown>>, ip: string) {
    const { email, password } = await tc.newUser('Real person');
    const hashedFloodEnds: number[] = [];
    const running = flood.map((call) =>
      call().then(
        () => hashedFloodEnds.push(performance.now()),
        (error: unknown) => errorCodeOf(error) !== 'RATE_LIMITED' && hashedFloodEnds.push(performance.now()),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = await from(ip)
      .auth.login.mutate({ email, password })
      .then(() => 'OK', errorCodeOf);
    const signedInAt = performance.now();
    await Promise.all(running);
    return { outcome, aheadOfFlood: hashedFloodEnds.some((end) => end > signedInAt) };
  }

  test('a real sign-in during a flood of guesses from other IPs succeeds ahead of the flood', async () => {
    const guesses = Array.from(
      { length: 30 },
      (_, i) => () =>
        from(`203.0.113.${i % 4}`).auth.login.mutate({ email: `nobody${i}@example.com`, password: 'guess' }),
    );
    expect(await signInDuring(guesses, '192.0.2.10')).toEqual({ outcome: 'OK', aheadOfFlood: true });
  });

  test('a real sign-in during an anonymous register flood succeeds ahead of the flood', async () => {
    const registrations = Array.from(
      { length: 40 },
      (_, i) => () =>
        from(`198.51.100.${i % 4}`).auth.register.mutate({
          email: `flood${i}@example.com`,
          name: 'Flood',
          password: 'flood password',
        }),
    );
    expect(await signInDuring(registrations, '192.0.2.11')).toEqual({ outcome: 'OK', aheadOfFlood: true });
  });

  test('new accounts are counted per client IP before hashing: the 11th from one IP is refused at once', async () => {
    const client = from('198.51.100.77');
    const register = (i: number) =>
      client.auth.register
        .mutate({ email: `many${i}@example.com`, name: 'Many', password: 'many password' })
        .then(() => 'OK', errorCodeOf);
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => register(i)));
    // Ten at once do not all fit the hash slots (some get "Busy"), but each counted before it was hashed.
    expect(first).not.toContain('INTERNAL_SERVER_ERROR');
    const refused = await client.auth.register
      .mutate({ email: 'many10@example.com', name: 'Many', password: 'many password' })
      .catch((error: unknown) => error);
    expect(errorCodeOf(refused)).toBe('RATE_LIMITED');
    expect((refused as Error).message).toMatch(/Too many new accounts/);
    expect(
      await from('198.51.100.78').auth.register.mutate({
        email: 'other-ip@example.com',
        name: 'O',
        password: 'other password',
      }),
    ).toHaveProperty('next', 'SIGN_IN');
  });

  test('accepting an invitation with a new password counts as a new account for the client IP', async () => {
    const client = from('198.51.100.90');
    for (let i = 0; i < 10; i++) {
      await client.auth.register.mutate({ email: `inv${i}@example.com`, name: 'I', password: 'invite password' });
    }
    const invitation = await tc.owner.orgs.invite({
      orgId: tc.orgId,
      email: 'invitee-flood@example.com',
      role: 'VIEWER',
    });
    const refused = await client.orgs.acceptInvite
      .mutate({ token: invitation.token, name: 'Invitee', password: 'invitee password' })
      .then(() => 'OK', errorCodeOf);
    expect(refused).toBe('RATE_LIMITED');
  });
});
