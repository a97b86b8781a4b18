import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';

// Behind a "load balancer" (X-Forwarded-For), so each HTTP registration can come from an address of its own:
// new accounts are counted per client IP.
const t = useTestCloud({ env: { TRUST_PROXY: 'true' } });
let registrations = 0;

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** auth.register over HTTP, as an attacker sees it: status, body and how long it took. */
async function registerOverHttp(email: string, password = 'long enough pw') {
  const started = performance.now();
  const response = await fetch(`${t.url}/trpc/auth.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${++registrations}` },
    body: JSON.stringify({ email, name: 'Someone', password }),
  });
  const body = await response.text();
  return {
    status: response.status,
    setCookie: response.headers.get('set-cookie'),
    body,
    ms: performance.now() - started,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('register and login', () => {
  test('registers an account that then signs in, and me shows it with no organizations', async () => {
    const anonymous = await t.caller(null);
    const registered = await anonymous.auth.register({
      email: ' Ada@Example.com ',
      name: 'Ada',
      password: 'long enough pw',
    });
    expect(registered).toEqual({ email: 'ada@example.com', next: 'SIGN_IN' });
    const signedIn = await anonymous.auth.login({ email: 'ada@example.com', password: 'long enough pw' });
    expect(signedIn.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', platformRole: 'CUSTOMER' });
    const me = await (await t.caller(signedIn.token)).auth.me();
    expect(me).toEqual({ user: { ...signedIn.user }, orgs: [] });
  });

  test('answers an email that has an account exactly as a new one, and leaves that account as it was', async () => {
    const owner = await t.newUser('Owner of the email');
    const taken = await registerOverHttp(owner.email.toUpperCase(), 'an attacker password');
    const fresh = await registerOverHttp('never-registered@example.com', 'an attacker password');
    expect(taken.status).toBe(200);
    expect({ ...taken, ms: 0 }).toEqual({
      ...fresh,
      ms: 0,
      body: fresh.body.replace('never-registered@example.com', owner.email),
    });
    const users = await sql<{ name: string; sessions: string }>(
      'select u.name, (select count(*) from sessions s where s.user_id = u.id)::text as sessions from users u where u.email = $1',
      [owner.email],
    );
    expect(users).toEqual([{ name: 'Owner of the email', sessions: '1' }]);
    const anonymous = await t.caller(null);
    await expectErrorCode(
      anonymous.auth.login({ email: owner.email, password: 'an attacker password' }),
      'INVALID_CREDENTIALS',
    );
    await expect(anonymous.auth.login({ email: owner.email, password: owner.password })).resolves.toBeDefined();
  });

  test('takes as long for an email that has an account as for a new one: a password is hashed either way', async () => {
    const owner = await t.newUser();
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 4; i++) {
      taken.push((await registerOverHttp(owner.email)).ms);
      fresh.push((await registerOverHttp(`timing-${i}-${Date.now()}@example.com`)).ms);
    }
    // Without the hash an existing email would answer in a few ms against a few hundred: a ratio near 0.
    const ratio = median(taken) / median(fresh);
    console.info(
      `register: existing email ${median(taken).toFixed(0)} ms, new ${median(fresh).toFixed(0)} ms (median of 4)`,
    );
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  test('stores a salted scrypt hash, never the password, and only the hash of the session token', async () => {
    const anonymous = await t.caller(null);
    await anonymous.auth.register({ email: 'salt1@example.com', name: 'A', password: 'same password!' });
    await anonymous.auth.register({ email: 'salt2@example.com', name: 'B', password: 'same password!' });
    const users = await sql<{ password_hash: string }>(
      "select password_hash from users where email in ('salt1@example.com', 'salt2@example.com')",
    );
    expect(users).toHaveLength(2);
    for (const u of users) {
      expect(u.password_hash).toMatch(/^scrypt\$/);
      expect(u.password_hash).not.toContain('same password!');
    }
    expect(users[0]!.password_hash).not.toBe(users[1]!.password_hash);
    const a = await anonymous.auth.login({ email: 'salt1@example.com', password: 'same password!' });
    const sessions = await sql<{ token_hash: string }>('select token_hash from sessions where user_id = $1', [
      a.user.id,
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).not.toBe(a.token);
    expect(sessions[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the demo user signs in over HTTP and sees the demo organization as OWNER', async () => {
    const login = await t.clientFor(null).auth.login.mutate({ email: t.demo.email, password: t.demo.password });
    const me = await t.clientFor(login.token).auth.me.query();
    expect(me.orgs).toEqual([expect.objectContaining({ id: t.demo.orgId, role: 'OWNER' })]);
  });

  test.each([
    ['a wrong password', 'demo@sparkmotion.dev', 'not the password'],
    ['an unknown email', 'nobody@sparkmotion.dev', 'sparkmotion-demo'],
  ])('refuses %s with the same INVALID_CREDENTIALS answer', async (_case, email, password) => {
    await expectErrorCode((await t.caller(null)).auth.login({ email, password }), 'INVALID_CREDENTIALS');
  });

  test.each([
    ['a malformed email', { email: 'not-an-email', name: 'X', password: 'long enough pw' }],
    ['a short password', { email: 'short@example.com', name: 'X', password: 'short' }],
    ['an empty name', { email: 'noname@example.com', name: '  ', password: 'long enough pw' }],
  ])('refuses registration with %s as BAD_INPUT, with the field in the flattened issues', async (_case, input) => {
    const error = await expectErrorCode(t.clientFor(null).auth.register.mutate(input), 'BAD_INPUT');
    const data = (error as { data: { zodError: { fieldErrors: Record<string, string[]> } } }).data;
    expect(Object.keys(data.zodError.fieldErrors).length).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  test('me without a session answers HTTP 401', async () => {
    const response = await fetch(`${t.url}/trpc/auth.me`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('UNAUTHENTICATED');
  });

  test('a made-up token is not a session', async () => {
    await expectErrorCode(t.clientFor('made-up-token').auth.me.query(), 'UNAUTHENTICATED');
  });

  test('logout revokes the session it came with, and only that one', async () => {
    const user = await t.newUser();
    const second = await (await t.caller(null)).auth.login({ email: user.email, password: user.password });
    await t.clientFor(user.token).auth.logout.mutate();
    await expectErrorCode(t.clientFor(user.token).auth.me.query(), 'SESSION_EXPIRED');
    await expect(t.clientFor(second.token).auth.me.query()).resolves.toMatchObject({ user: { email: user.email } });
  });

  test('logout everywhere revokes every session of the user', async () => {
    const user = await t.newUser();
    const second = await (await t.caller(null)).auth.login({ email: user.email, password: user.password });
    const result = await t.clientFor(user.token).auth.logoutEverywhere.mutate();
    expect(result.revoked).toBe(2);
    await expectErrorCode(t.clientFor(user.token).auth.me.query(), 'SESSION_EXPIRED');
    await expectErrorCode(t.clientFor(second.token).auth.me.query(), 'SESSION_EXPIRED');
  });

  test('an expired session is refused with SESSION_EXPIRED and HTTP 401', async () => {
    const user = await t.newUser();
    await sql("update sessions set expires_at = now() - interval '1 second' where user_id = $1", [user.userId]);
    await expectErrorCode(t.clientFor(user.token).auth.me.query(), 'SESSION_EXPIRED');
    const response = await fetch(`${t.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(response.status).toBe(401);
  });

  test('changing the password keeps this session, ends the others, and only the new password signs in', async () => {
    const user = await t.newUser();
    const other = await (await t.caller(null)).auth.login({ email: user.email, password: user.password });
    await expectErrorCode(
      user.caller.auth.changePassword({ currentPassword: 'wrong password', newPassword: 'a brand new password' }),
      'INVALID_CREDENTIALS',
    );
    const result = await user.caller.auth.changePassword({
      currentPassword: user.password,
      newPassword: 'a brand new password',
    });
    expect(result.otherSessionsEnded).toBe(1);
    await expect(user.caller.auth.me()).resolves.toMatchObject({ user: { id: user.userId } });
    await expectErrorCode(t.clientFor(other.token).auth.me.query(), 'SESSION_EXPIRED');
    const anonymous = await t.caller(null);
    await expectErrorCode(anonymous.auth.login({ email: user.email, password: user.password }), 'INVALID_CREDENTIALS');
    await expect(anonymous.auth.login({ email: user.email, password: 'a brand new password' })).resolves.toBeDefined();
  });

  test('after ten wrong passwords for one email, even the right one is refused for a while (HTTP 429)', async () => {
    const user = await t.newUser();
    const anonymous = await t.caller(null);
    for (let i = 0; i < 10; i++) {
      await expectErrorCode(anonymous.auth.login({ email: user.email, password: `guess ${i}` }), 'INVALID_CREDENTIALS');
    }
    await expectErrorCode(anonymous.auth.login({ email: user.email, password: user.password }), 'RATE_LIMITED');
    const response = await fetch(`${t.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(response.status).toBe(429);
    await expect(anonymous.auth.login({ email: t.demo.email, password: t.demo.password })).resolves.toBeDefined();
  });
});
