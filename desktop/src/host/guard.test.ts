import { describe, expect, test } from 'vitest';
import { checkRequest, type GuardRequest, readCookie, SESSION_COOKIE } from './guard.ts';

const expected = { origin: 'http://127.0.0.1:4100', secret: 's3cret-abc' };
const good: GuardRequest = {
  method: 'GET',
  url: '/trpc/settings.get',
  host: '127.0.0.1:4100',
  origin: undefined,
  cookie: `${SESSION_COOKIE}=s3cret-abc`,
  isUpgrade: false,
  consoleHeader: true,
};

describe('checkRequest', () => {
  test('allows a same-origin request that carries the session cookie', () => {
    expect(checkRequest({ ...good, origin: 'http://127.0.0.1:4100' }, expected)).toEqual({ kind: 'allow' });
  });

  test('allows the console’s own tRPC call by its header (same-origin GETs carry no Origin)', () => {
    expect(checkRequest(good, expected)).toEqual({ kind: 'allow' });
  });

  test('serves the page and its static files as plain navigations, without Origin or header', () => {
    expect(checkRequest({ ...good, url: '/assets/app.js', consoleHeader: false }, expected)).toEqual({ kind: 'allow' });
  });

  test('swaps the secret in the launch URL for a cookie and drops it from the address', () => {
    const verdict = checkRequest({ ...good, url: '/?secret=s3cret-abc&tab=bands', cookie: undefined }, expected);
    expect(verdict).toEqual({ kind: 'grant-cookie', location: '/?tab=bands' });
  });

  test.each<[string, Partial<GuardRequest>, number]>([
    ['a DNS-rebinding Host', { host: 'evil.test:4100' }, 403],
    ['localhost as Host', { host: 'localhost:4100' }, 403],
    ['another port in Host', { host: '127.0.0.1:4101' }, 403],
    ['no Host at all', { host: undefined }, 403],
    ['another page as Origin', { origin: 'http://evil.test' }, 403],
    ['a look-alike Origin', { origin: 'http://127.0.0.1:4100.evil.test' }, 403],
    ['the null Origin of a sandboxed frame', { origin: 'null' }, 403],
    ['a WebSocket upgrade without Origin', { isUpgrade: true }, 403],
    [
      'a tRPC call with the cookie but neither Origin nor header (an <img> on another port)',
      { consoleHeader: false },
      403,
    ],
    ['a tRPC POST with neither Origin nor header', { method: 'POST', consoleHeader: false }, 403],
    ['a path that does not decode', { url: '/%E0%A4%A' }, 400],
    ['no cookie', { cookie: undefined }, 401],
    ['a wrong cookie', { cookie: `${SESSION_COOKIE}=guess` }, 401],
    ['a cookie that only starts with the secret', { cookie: `${SESSION_COOKIE}=s3cret-abcd` }, 401],
    ['a wrong secret in the URL', { url: '/?secret=guess', cookie: undefined }, 401],
    ['the secret on a POST', { method: 'POST', url: '/trpc/x?secret=s3cret-abc', cookie: undefined }, 401],
    [
      'the secret on a WebSocket upgrade',
      { isUpgrade: true, origin: 'http://127.0.0.1:4100', url: '/?secret=s3cret-abc', cookie: undefined },
      401,
    ],
  ])('refuses %s', (_name, change, status) => {
    const verdict = checkRequest({ ...good, ...change }, expected);
    expect(verdict).toMatchObject({ kind: 'refuse', status });
  });
});

describe('readCookie', () => {
  test('finds one cookie among several, values with = kept whole', () => {
    expect(readCookie('a=1; sparkmotion_console=x=y; b=2', SESSION_COOKIE)).toBe('x=y');
    expect(readCookie('a=1', SESSION_COOKIE)).toBeUndefined();
  });
});
