import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';
import { appRouter } from './app-router.ts';

/**
 * Malformed input never answers 5xx: every procedure of the app router (walked, not listed), each of its
 * input fields in turn replaced by hostile values (NUL, lone surrogates, huge numbers, wrong types, giant
 * strings, operator objects), the other fields valid, over HTTP as the demo OWNER.
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
  "'; drop table users; --",
  'https://example.com/\u0000',
];
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
    attendee: { name: 'Fuzz' },
    bands: [{}],
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
    for (const field of fields) for (const value of HOSTILE) inputs.push([field, { ...base, [field]: value }]);
    for (const [field, input] of inputs) {
      const { status, text } = await call(path, procedure._def.type, input);
      calls++;
      if (status >= 500) failures.push(`${path} ${field}=${JSON.stringify(input).slice(0, 80)} → ${status} ${text}`);
    }
  }
  expect(calls).toBeGreaterThan(1000);
  expect(failures).toEqual([]);
}, 300_000);
