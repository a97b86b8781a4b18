import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestCloud } from '../../test/support/index.ts';
import { errorCodeOf, startTestCloud } from '../../test/support/index.ts';

/** No request body, batch or import is read beyond its limit; the server's memory stays near idle. */
let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' } });
});
afterAll(() => tc.close());

const MB = 1024 * 1024;

/** Sends `bytes` of body in 64 KiB chunks (announced or chunked); resolves with the status, however the server ends it. */
function post(path: string, bytes: number, headers: Record<string, string>, announce: boolean): Promise<number> {
  const { port } = new URL(tc.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(announce ? { 'content-length': String(bytes) } : {}),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.on('response', () => (sent = bytes));
    pump();
  });
}

async function rssGrowth(run: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return (Math.max(peak, process.memoryUsage().rss) - before) / MB;
}

describe('request sizes', () => {
  test('a 50 MB body to auth.login is answered 413 before it is read, and memory stays near idle', async () => {
    let status = 0;
    const growth = await rssGrowth(async () => {
      status = await post('/trpc/auth.login', 50 * MB, {}, true);
    });
    expect(status).toBe(413);
    expect(growth).toBeLessThan(100);
  });

  test('a chunked body (no length) without a session is refused 411 before it is read', async () => {
    let status = 0;
    const growth = await rssGrowth(async () => {
      status = await post('/trpc/auth.login', 50 * MB, {}, false);
    });
    expect(status).toBe(411);
    expect(growth).toBeLessThan(100);
  });

  test('a signed-in 50 MB chunked body is cut at the 4 MiB limit', async () => {
    let status = 0;
    const growth = await rssGrowth(async () => {
      status = await post('/trpc/sync.push', 50 * MB, { authorization: `Bearer ${tc.token}` }, false);
    });
    expect(status).toBe(413);
    expect(growth).toBeLessThan(100);
  });

  test.each([
    ['any Authorization header', 'x'],
    ['a bearer token that is no session', 'Bearer not-a-session-token'],
  ])('%s lifts nothing: 100 KiB and 2 MiB bodies are refused as for anyone', async (_name, authorization) => {
    expect(await post('/trpc/events.create', 100 * 1024, { authorization }, true)).toBe(413);
    expect(await post('/trpc/sync.push', 2 * MB, { authorization }, true)).toBe(413);
    expect(await post('/trpc/sync.push', 2 * MB, { authorization }, false)).toBe(411);
  });

  test('a session that ended lifts nothing; a live one gets its limits', async () => {
    const user = await tc.newUser('Leaver');
    const live = { authorization: `Bearer ${user.token}` };
    expect(await post('/trpc/events.create', 100 * 1024, live, true)).not.toBe(413);
    expect(await post('/trpc/sync.push', 2 * MB, live, true)).not.toBe(413);
    await user.caller.auth.logout();
    expect(await post('/trpc/events.create', 100 * 1024, live, true)).toBe(413);
  });

  test('a signed-in call outside the bulk procedures gets 256 KiB', async () => {
    const auth = { authorization: `Bearer ${tc.token}` };
    expect(await post('/trpc/events.create', 1 * MB, auth, true)).toBe(413);
  });

  test('a batch of 150 auth.login calls checks no password; a batch of 21 queries is refused', async () => {
    const calls = Array.from({ length: 150 }, () => 'auth.login').join(',');
    const input = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: 150 }, (_, i) => [i, { email: tc.demo.email, password: 'wrong password' }]),
      ),
    );
    const batch = await fetch(`${tc.url}/trpc/${calls}?batch=1`, {
      method: 'POST',
      body: input,
      headers: { 'content-type': 'application/json' },
    });
    expect(batch.status).toBe(413);
    const two = await fetch(`${tc.url}/trpc/auth.me,auth.login?batch=1`, {
      method: 'POST',
      body: JSON.stringify({ 1: { email: tc.demo.email, password: 'wrong password' } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(two.status).toBe(400);
    const queries = Array.from({ length: 21 }, () => 'auth.me').join(',');
    expect((await fetch(`${tc.url}/trpc/${queries}?batch=1`)).status).toBe(413);
  });

  test.each([
    [
      '150 auth.login calls joined by an encoded comma',
      Array.from({ length: 150 }, () => 'auth.login').join('%2C'),
      413,
    ],
    ['auth.me and auth.login joined by an encoded comma', 'auth.me%2cauth.login', 400],
    ['a malformed escape in the path', 'auth.login%E0%A4%A', 400],
  ])('%s is refused before any password is checked', async (_name, path, status) => {
    const calls = path.split(/%2c/i).length;
    const input = Object.fromEntries(
      Array.from({ length: calls }, (_, i) => [i, { email: tc.demo.email, password: 'wrong password' }]),
    );
    const res = await fetch(`${tc.url}/trpc/${path}?batch=1`, {
      method: 'POST',
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(status);
    const signIn = await tc.clientFor(null).auth.login.mutate({ email: tc.demo.email, password: tc.demo.password });
    expect(signIn.token).toBeTruthy();
  });

  test('a 200,000-row CSV import is refused with a clear error, nothing parsed, and memory stays near idle', async () => {
    let body = '';
    const csv = `bandId,attendeeName\n${Array.from({ length: 200_000 }, (_, i) => `,Attendee ${i}`).join('\n')}`;
    let status = 0;
    const growth = await rssGrowth(async () => {
      const res = await fetch(`${tc.url}/trpc/bands.importCsv`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tc.token}` },
        body: JSON.stringify({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, csv }),
      });
      status = res.status;
      body = await res.text();
    });
    expect(status).toBe(400);
    expect(body).toContain('At most 5,000 rows per import');
    expect(growth).toBeLessThan(100);
  });

  test('a CSV import over 5,000 rows that fits the body gets a clear BAD_INPUT and imports nothing', async () => {
    const csv = `attendeeName\n${Array.from({ length: 6000 }, (_, i) => `A${i}`).join('\n')}`;
    const before = (await tc.client.bands.list.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId })).items.length;
    const error = await tc.client.bands.importCsv
      .mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, csv })
      .catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('BAD_INPUT');
    expect(JSON.stringify((error as { data?: unknown }).data)).toContain('At most 5,000 rows per import');
    const after = (await tc.client.bands.list.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId })).items.length;
    expect(after).toBe(before);
  });

  test('a 70 KiB branding value is read and refused as bad input', async () => {
    const error = await tc.client.orgs.update
      .mutate({ orgId: tc.demo.orgId, branding: { name: 'x'.repeat(70 * 1024) } })
      .catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('BAD_INPUT');
  });
});
