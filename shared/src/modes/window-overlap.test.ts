import { describe, expect, test } from 'vitest';
import { DomainError } from '../errors.ts';
import { assertValidWindows, findInvalidRange, findWindowOverlap, isValidRange } from './window-overlap.ts';

const w = (id: string, startsAt: string, endsAt: string) => ({
  id,
  startsAt: new Date(`2026-06-${startsAt}Z`),
  endsAt: new Date(`2026-06-${endsAt}Z`),
});

describe('findWindowOverlap', () => {
  test.each([
    ['no windows', []],
    ['one window', [w('a', '01T00:00', '02T00:00')]],
    ['touching: end == start is not an overlap', [w('a', '01T00:00', '02T00:00'), w('b', '02T00:00', '03T00:00')]],
    ['touching, given in reverse', [w('b', '02T00:00', '03T00:00'), w('a', '01T00:00', '02T00:00')]],
    ['apart', [w('a', '01T00:00', '02T00:00'), w('b', '05T00:00', '06T00:00'), w('c', '03T00:00', '04T00:00')]],
  ])('finds none for %s', (_case, windows) => {
    expect(findWindowOverlap(windows)).toBeNull();
  });

  test.each([
    ['by 1 ms', [w('a', '01T00:00', '02T00:00:00.001'), w('b', '02T00:00', '03T00:00')], ['a', 'b']],
    ['in reverse input order', [w('b', '02T00:00', '03T00:00'), w('a', '01T00:00', '02T12:00')], ['a', 'b']],
    ['same range', [w('a', '01T00:00', '02T00:00'), w('b', '01T00:00', '02T00:00')], ['a', 'b']],
    ['same start', [w('a', '01T00:00', '05T00:00'), w('b', '01T00:00', '02T00:00')], ['b', 'a']],
    [
      'nested inside a long one',
      [w('long', '01T00:00', '30T00:00'), w('inner', '10T00:00', '11T00:00')],
      ['long', 'inner'],
    ],
    [
      'reaching past a window in between',
      [w('long', '01T00:00', '20T00:00'), w('short', '02T00:00', '03T00:00'), w('late', '10T00:00', '25T00:00')],
      ['long', 'short'],
    ],
    [
      'the long one against the third, after the first pair is fine',
      [w('a', '01T00:00', '02T00:00'), w('long', '02T00:00', '20T00:00'), w('late', '19T23:59', '25T00:00')],
      ['long', 'late'],
    ],
  ])('finds the pair %s', (_case, windows, [first, second]) => {
    const pair = findWindowOverlap(windows);
    expect(pair?.map((x) => x.id)).toEqual([first, second]);
  });

  test('does not reorder the caller’s array', () => {
    const windows = [w('b', '02T00:00', '03T00:00'), w('a', '01T00:00', '02T00:00')];
    findWindowOverlap(windows);
    expect(windows.map((x) => x.id)).toEqual(['b', 'a']);
  });
});

describe('window ranges', () => {
  test.each([
    ['start before end', '01T00:00', '01T00:00:00.001', true],
    ['empty range (start == end)', '01T00:00', '01T00:00', false],
    ['backwards', '02T00:00', '01T00:00', false],
    ['invalid date', 'xxT00:00', '01T00:00', false],
  ])('%s is valid: %s', (_case, start, end, valid) => {
    expect(isValidRange(w('a', start, end))).toBe(valid);
  });

  test('findInvalidRange names the first bad window', () => {
    expect(findInvalidRange([w('ok', '01T00:00', '02T00:00'), w('bad', '03T00:00', '02T00:00')])?.id).toBe('bad');
    expect(findInvalidRange([w('ok', '01T00:00', '02T00:00')])).toBeNull();
  });
});

describe('assertValidWindows', () => {
  const codeOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (error) {
      return error instanceof DomainError ? { code: error.code, details: error.details } : error;
    }
  };

  test('accepts touching windows', () => {
    expect(
      codeOf(() => assertValidWindows([w('a', '01T00:00', '02T00:00'), w('b', '02T00:00', '03T00:00')])),
    ).toBeNull();
  });

  test('refuses a window that overlaps another, naming both', () => {
    expect(codeOf(() => assertValidWindows([w('a', '01T00:00', '03T00:00'), w('b', '02T00:00', '04T00:00')]))).toEqual({
      code: 'WINDOW_OVERLAP',
      details: { windowIds: ['a', 'b'] },
    });
  });

  test('refuses a window that ends before it starts', () => {
    expect(codeOf(() => assertValidWindows([w('a', '03T00:00', '01T00:00')]))).toEqual({
      code: 'BAD_INPUT',
      details: { windowId: 'a' },
    });
  });
});
