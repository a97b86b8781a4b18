import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { errorCodeOf, useTestCloud } from '../../test/support/index.ts';
import { appRouter } from './app-router.ts';

/**
 * Malformed input never answers 5xx: every procedure of the app router (walked, not listed), each of its
 * input fields in turn replaced by hostile values (NUL, lone surrogates, huge numbers, wrong types, giant
 * strings, operator objects), the other fields valid, over HTTP as the demo OWNER; the fields of nested
 * objects (an attendee, a band of a list, branding) likewise; and every sync mutation's arguments, field by
 * field, inside a `sync.push`, where a bad one is rejected alone and the push still answers.
 */
const tc = useTestCloud({ env: { REDIS_URL: '' } });

const HOSTILE: unknown[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  'x'.repeat(100_000),
  '',
  '  ',
  1e308,
  -1e308,
  2 ** 53 + 1,
  -1,
  0,
  1.5,
  true,
  null,
  [],
  {},
  { $ne: null },
  ['\u0000'],
  [{ a: '\ud800' }],
  'NaN',
  '2026-13-45T99:99:99Z',
  '9999-12-31T23:59:59Z',
  8.64e15,
  -9e15,
  2 ** 53 - 1,
  "'; drop table users; --",
  'https://example.com/\u0000',
];
/**
 * `base` with `field` replaced by each hostile value; when the field's valid `sample` is an object (or a list
 * of one), also each of that object's fields in turn.
 */
function hostileVariants(base: Record<string, unknown>, field: string, sample: unknown): Array<[string, unknown]> {
  const variants: Array<[string, unknown]> = HOSTILE.map((value) => [field, { ...base, [field]: value }]);
  const inner = Array.isArray(sample) ? sample[0] : sample;
  if (inner === null || typeof inner !== 'object') return variants;
  for (const key of Object.keys(inner)) {
    for (const value of HOSTILE) {
      const nested = { ...inner, [key]: value };
      variants.push([`${field}.${key}`, { ...base, [field]: Array.isArray(sample) ? [nested] : nested }]);
    }
  }
  return variants;
}

const WHOLE: unknown[] = [null, 'string', 42, [], { orgId: '\u0000' }];

// Destructive calls last, so the others run against the demo's data.
const LAST = ['events.delete', 'windows.delete', 'auth.changePassword', 'auth.logout', 'auth.logoutEverywhere'];

type Procedure = {
  _def: {
    type: string;
    inputs?: Array<{ shape?: Record<string, unknown>; _zod?: { def?: { shape?: Record<string, unknown> } } }>;
  };
};

function shapeOf(procedure: Procedure): string[] {
  const input = procedure._def.inputs?.[0];
  const shape = input?.shape ?? input?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

test('no malformed mutation inside a sync.push answers 5xx; each is rejected alone', async () => {
  const { token, client } = tc;
  const bandId = (await client.bands.mintIds.mutate({ orgId: tc.demo.orgId, count: 1 })).bandIds[0]!;
  const windowId = randomUUID();
  const instant = '2031-01-01T00:00:00Z';
  const window = { kind: 'POST', url: 'https://example.com/post', startsAt: instant, endsAt: '2031-01-02T00:00:00Z' };
  const register = {
    bandId,
    uid: '04A1B2C3D4E5F6',
    eventId: tc.demo.eventId,
    stationId: 'desk-1',
    registeredAt: instant,
  };
  const samples: Record<string, Record<string, unknown>> = {
    'band.register': register,
    'band.replace': { ...register, lostBandId: tc.demo.bandIds[0] },
    'band.reassign': { bandId: tc.demo.bandIds[0], eventId: tc.demo.eventId },
    'band.release': { bandId: tc.demo.bandIds[0], uid: '04A1B2C3D4E5F6' },
    'band.setAttendee': { bandId: tc.demo.bandIds[0], attendee: { name: 'Fuzz', ticketCode: 'T-1' } },
    'event.update': { eventId: tc.demo.eventId, patch: { name: 'Fuzz', timezone: 'UTC' } },
    'window.create': { ...window, windowId, eventId: tc.demo.eventId },
    'window.update': { windowId, patch: { url: 'https://example.com/p2' } },
    'window.delete': { windowId },
    'windows.save': { eventId: tc.demo.eventId, put: [{ ...window, windowId }], remove: [] },
  };
  const failures: string[] = [];
  let pushes = 0;
  for (const [name, args] of Object.entries(samples)) {
    const variants = Object.keys(args).flatMap((key) => hostileVariants(args, key, args[key]));
    for (const [field, mutationArgs] of variants) {
      const res = await fetch(`${tc.url}/trpc/sync.push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: randomUUID(),
          mutations: [{ mutationId: 1, name, args: mutationArgs }],
        }),
      });
      pushes++;
      if (res.status >= 500) failures.push(`${name} ${field} → ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
  }
  expect(pushes).toBeGreaterThan(500);
  expect(failures).toEqual([]);
}, 300_000);

test.each([
  ['a NUL in an attendee name', 'band.setAttendee', { attendee: { name: 'A\u0000B' } }],
  ['a lone surrogate in an event name', 'event.update', { patch: { name: 'x\ud800' } }],
])('%s is rejected alone, and the mutation after it in the same push applies', async (_name, name, bad) => {
  const clientId = randomUUID();
  const base = name === 'event.update' ? { eventId: tc.demo.eventId } : { bandId: tc.demo.bandIds[1] };
  const { client } = tc;
  const result = await client.sync.push.mutate({
    clientId,
    mutations: [
      { mutationId: 1, name, args: { ...base, ...bad } },
      { mutationId: 2, name: 'band.setAttendee', args: { bandId: tc.demo.bandIds[1], attendee: { name: 'After' } } },
    ],
  });
  expect(result.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
  expect(result.results[0]).toMatchObject({ code: 'BAD_INPUT' });
});

test('events.duplicate with a shift past the Date range is refused as bad input; ten years either way works', async () => {
  const { client } = tc;
  const duplicate = (shiftMs: number) =>
    client.events.duplicate
      .mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, shiftMs })
      .then(() => 'OK', errorCodeOf);
  expect(await duplicate(8.64e15)).toBe('BAD_INPUT');
  expect(await duplicate(-9e15)).toBe('BAD_INPUT');
  expect(await duplicate(10 * 365 * 24 * 3600 * 1000)).toBe('OK');
});

// Last: it deletes the demo event and ends the demo OWNER's sessions (both are fuzzed too).
test('no generated malformed input makes any procedure answer 5xx', async () => {
  const procedures = Object.entries(
    (appRouter as unknown as { _def: { procedures: Record<string, Procedure> } })._def.procedures,
  )
    .filter(([, p]) => p._def.type !== 'subscription')
    .sort(([a], [b]) => LAST.indexOf(a) - LAST.indexOf(b));
  expect(procedures.length).toBeGreaterThan(50);
  const { rows } = await tc.db.query<{ id: string }>('select id from event_windows where event_id = $1 limit 1', [
    tc.demo.eventId,
  ]);
  const valid: Record<string, unknown> = {
    orgId: tc.demo.orgId,
    eventId: tc.demo.eventId,
    bandId: tc.demo.bandIds[0],
    windowId: rows[0]?.id,
    clientId: randomUUID(),
    // Valid values of the other common fields, so a hostile value in one field reaches past validation.
    name: 'Fuzz',
    slug: 'fuzz-org',
    timezone: 'Europe/Paris',
    fallbackUrl: 'https://example.com/fallback',
    url: 'https://example.com/live',
    kind: 'POST',
    startsAt: '2030-01-01T00:00:00Z',
    endsAt: '2030-01-02T00:00:00Z',
    shiftMs: 3_600_000,
    email: 'fuzz@example.com',
    role: 'VIEWER',
    csv: 'attendeeName\nFuzz',
    policy: 'SAME_PAGE',
    ipMode: 'ANONYMIZED',
    retentionDays: 30,
    attendee: { name: 'Fuzz', email: 'fuzz@example.com', ticketCode: 'T-1' },
    bands: [{ stationId: 'desk-1', attendee: { name: 'Fuzz' } }],
    branding: { name: 'Fuzz', logoUrl: 'https://example.com/logo.png', primaryColor: '#123456' },
    search: 'fuzz',
  };
  const call = async (path: string, type: string, input: unknown) => {
    const headers = { authorization: `Bearer ${tc.token}`, 'content-type': 'application/json' };
    const body = JSON.stringify(input);
    const res =
      type === 'query'
        ? await fetch(`${tc.url}/trpc/${path}?input=${encodeURIComponent(body ?? '')}`, { headers })
        : await fetch(`${tc.url}/trpc/${path}`, { method: 'POST', headers, body });
    return { status: res.status, text: res.status >= 500 ? (await res.text()).slice(0, 200) : '' };
  };
  const failures: string[] = [];
  let calls = 0;
  for (const [path, procedure] of procedures) {
    const fields = shapeOf(procedure);
    const base = Object.fromEntries(fields.filter((f) => f in valid).map((f) => [f, valid[f]]));
    const inputs: Array<[string, unknown]> = WHOLE.map((value) => ['(whole input)', value]);
    for (const field of fields) inputs.push(...hostileVariants(base, field, valid[field]));
    for (const [field, input] of inputs) {
      const { status, text } = await call(path, procedure._def.type, input);
      calls++;
      if (status >= 500) failures.push(`${path} ${field}=${JSON.stringify(input).slice(0, 80)} → ${status} ${text}`);
    }
  }
  expect(calls).toBeGreaterThan(1000);
  expect(failures).toEqual([]);
}, 300_000);
