import { describe, expect, test } from 'vitest';
import { type Tap, tapId, tapLine } from './tap.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('tap ids', () => {
  test('are UUID v7 strings ordered by time and unique', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => tapId(1_700_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

test.each([
  ['before 1970', -5000],
  ['far in the future', 2 ** 53],
])('a tap id from a clock %s is still a valid UUID', (_name, at) => {
  expect(tapId(at)).toMatch(UUID_V7);
});

test('tap ids minted within one millisecond are distinct, valid and ordered', () => {
  const ids = Array.from({ length: 10_000 }, () => tapId(1_700_000_000_000));
  for (const id of ids) expect(id).toMatch(UUID_V7);
  expect(new Set(ids).size).toBe(ids.length);
  // The counter may wrap once in a run; ordered everywhere else.
  const outOfOrder = ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;
  expect(outOfOrder).toBeLessThanOrEqual(1);
});

const base: Tap = {
  id: tapId(1_700_000_000_000),
  at: 1_700_000_000_000,
  bandId: 'AbCdEfGhIjKlMnOp',
  outcome: 'SERVED',
  eventId: '3f1e1b8a-6a3b-4c59-9f7e-1d2c3b4a5f60',
  orgId: '4f1e1b8a-6a3b-4c59-9f7e-1d2c3b4a5f60',
  mode: 'LIVE',
  windowId: null,
  url: 'https://example.com/live?a=1&b="2"',
  ip: '203.0.113.7',
  ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)',
  limited: false,
};

test.each<[string, Tap]>([
  ['a served tap', base],
  ['with tap-trust evidence', { ...base, evidence: 'm=04AABBCCDDEEFF000012' }],
  [
    'an orphan tap with hostile input',
    {
      ...base,
      bandId: '"}\n{"id":"forged',
      outcome: 'MALFORMED',
      eventId: null,
      orgId: null,
      mode: null,
      url: null,
      ip: '::ffff:10.0.0.1, "x"',
      ua: 'ua with "quotes", \\ backslash, \u0000 control, ünïcödé and 🎉',
      limited: true,
    },
  ],
])('a tap line is one line of JSON that reads back as the tap: %s', (_name, tap) => {
  const line = tapLine(tap);
  expect(line).not.toContain('\n');
  expect(JSON.parse(line)).toEqual(tap);
});
