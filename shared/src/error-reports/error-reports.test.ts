import { describe, expect, test } from 'vitest';
import { parseDsn } from './dsn.ts';
import { errorEvent, stackFrames } from './event.ts';
import { createErrorReporter } from './reporter.ts';
import { scrubData, scrubText } from './scrub.ts';

describe('parseDsn', () => {
  test.each([
    ['https://abc123@o1.ingest.sentry.io/42', 'abc123', 'https://o1.ingest.sentry.io/api/42/envelope/'],
    ['http://key@127.0.0.1:9000/sub/path/7', 'key', 'http://127.0.0.1:9000/sub/path/api/7/envelope/'],
  ])('%s posts envelopes to its project', (dsn, publicKey, envelopeUrl) => {
    expect(parseDsn(dsn)).toEqual({ dsn, publicKey, envelopeUrl });
  });

  test.each([
    ['not a url', 'not a URL'],
    ['ftp://k@host/1', 'expected an http(s) URL'],
    ['https://host/1', 'expected https://<public key>@<host>/<project id>'],
    ['https://k@host/', 'expected https://<public key>@<host>/<project id>'],
    ['https://k@host/project', 'expected https://<public key>@<host>/<project id>'],
  ])('refuses %s', (dsn, message) => {
    expect(() => parseDsn(dsn)).toThrow(message);
  });
});

describe('scrubbing', () => {
  test.each([
    ['duplicate key (email)=(ann.lee+x@example.co.uk)', 'duplicate key (email)=([email])'],
    ['connect ECONNREFUSED 10.1.2.3:5432', 'connect ECONNREFUSED [ip]:5432'],
    ['from 2001:db8::1 and fe80::1ff:fe23:4567:890a', 'from [ip] and [ip]'],
    ['Authorization: Bearer eyJhbGciOi.J9x_y-z', 'Authorization: Bearer [token]'],
    ['token QmFzZTY0dXJsVG9rZW4xMjM0NTY3ODkwYWJj expired', 'token [token] expired'],
    ['postgres://app:s3cret@db:5432/x refused', 'postgres://[credentials]@db:5432/x refused'],
  ])('%s', (text, scrubbed) => {
    expect(scrubText(text)).toBe(scrubbed);
  });

  test.each([
    'event 0192a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b not found',
    'at 12:30:45 the flush of sparkmotion_redirect_requests_total failed',
    'relation "audit_log" does not exist',
  ])('keeps what is not personal: %s', (text) => {
    expect(scrubText(text)).toBe(text);
  });

  test('drops personal fields at any depth and scrubs the strings left', () => {
    expect(
      scrubData({
        path: 'bands.setAttendee',
        ip: '1.2.3.4',
        input: {
          attendeeName: 'Ann',
          email: 'a@b.c',
          ticketCode: 'T1',
          bandId: 'AbCdEfGhIjKlMnOp',
          note: 'x a@b.co y',
        },
        headers: { authorization: 'Bearer x', 'user-agent': 'Mozilla', cookie: 'c' },
      }),
    ).toEqual({ path: 'bands.setAttendee', input: { bandId: 'AbCdEfGhIjKlMnOp', note: 'x [email] y' }, headers: {} });
  });
});

describe('error events', () => {
  const meta = {
    eventId: 'a'.repeat(32),
    now: new Date('2026-12-04T12:00:00Z'),
    release: 'sparkmotion@1',
    environment: 'production',
    process: 'cloud',
    runtime: { name: 'node', version: 'v24.21.0' },
  };

  test('carry the error and its cause, scrubbed, with the stack as frames, and nothing about the person', () => {
    const error = new Error('user ann@example.com failed', { cause: new TypeError('from 10.0.0.9') });
    const event = errorEvent(error, { ...meta, message: 'tRPC error', context: { path: 'auth.login', ip: '1.1.1.1' } });
    expect(event).toMatchObject({
      event_id: meta.eventId,
      timestamp: 1_796_385_600,
      level: 'error',
      tags: { process: 'cloud' },
      message: { formatted: 'tRPC error' },
      extra: { path: 'auth.login' },
    });
    const values = (event.exception as { values: Array<{ type: string; value: string; stacktrace: unknown }> }).values;
    expect(values.map((v) => [v.type, v.value])).toEqual([
      ['TypeError', 'from [ip]'],
      ['Error', 'user [email] failed'],
    ]);
    expect(JSON.stringify(event)).not.toMatch(/ann@|10\.0\.0\.9|1\.1\.1\.1|"user"|"request"|server_name/);
  });

  test('stack frames are oldest first, node_modules and node: frames not in the app', () => {
    const frames = stackFrames(
      'Error: x\n    at inner (file:///app/cloud/src/a.ts:3:9)\n    at /app/node_modules/pg/lib/c.js:1:2\n    at node:internal/x:4:5',
    );
    expect(frames).toEqual([
      { filename: 'node:internal/x', lineno: 4, colno: 5, in_app: false },
      { filename: '/app/node_modules/pg/lib/c.js', lineno: 1, colno: 2, in_app: false },
      { function: 'inner', filename: '/app/cloud/src/a.ts', lineno: 3, colno: 9, in_app: true },
    ]);
  });
});

test('the reporter sends at most maxPerMinute events a minute, then again in the next minute', async () => {
  const sent: string[] = [];
  let now = new Date('2026-12-04T12:00:00Z');
  let id = 0;
  const reporter = createErrorReporter({
    dsn: parseDsn('http://k@127.0.0.1:1/1'),
    release: 'r',
    environment: 'e',
    process: 'cloud',
    runtime: { name: 'node', version: 'v24' },
    now: () => now,
    newId: () => String(++id).padStart(32, '0'),
    send: async (_url, _headers, body) => sent.push(body),
    maxPerMinute: 2,
  });
  for (let i = 0; i < 5; i++) reporter.report(new Error(`e${i}`));
  now = new Date(now.getTime() + 60_000);
  reporter.report(new Error('later'));
  await reporter.flush(1000);
  expect(sent.map((body) => JSON.parse(body.split('\n')[2]!).exception.values[0].value)).toEqual(['e0', 'e1', 'later']);
});
