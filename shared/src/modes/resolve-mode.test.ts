import { describe, expect, test } from 'vitest';
import { parseLocalDateTime, zonedToDate } from '../time/zoned.ts';
import { type ModeEvent, type ModeWindow, resolveMode, type WindowKind } from './resolve-mode.ts';
import { findWindowOverlap } from './window-overlap.ts';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);

const win = (id: string, kind: WindowKind, startsAt: string, endsAt: string): ModeWindow => ({
  id,
  kind,
  url: `https://example.com/${id}`,
  startsAt: at(startsAt),
  endsAt: at(endsAt),
});

const event: ModeEvent = { fallbackUrl: 'https://example.com/fallback', overrideMode: null, status: 'ACTIVE' };

// A festival: PRE, a gap, two LIVE days with a night between, a gap, POST.
const pre = win('pre', 'PRE', '2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z');
const day1 = win('day1', 'LIVE', '2026-06-10T10:00:00Z', '2026-06-10T22:00:00Z');
const day2 = win('day2', 'LIVE', '2026-06-11T10:00:00Z', '2026-06-11T22:00:00Z');
const post = win('post', 'POST', '2026-06-13T00:00:00Z', '2026-06-20T00:00:00Z');
const festival = [pre, day1, day2, post];

describe('resolveMode by the clock', () => {
  test.each([
    [
      'before the first window: the PRE page',
      '2026-05-01T00:00:00Z',
      'PRE',
      'pre',
      'BEFORE_FIRST',
      '2026-06-01T00:00:00Z',
    ],
    ['1 ms before the first window', '2026-05-31T23:59:59.999Z', 'PRE', 'pre', 'BEFORE_FIRST', '2026-06-01T00:00:00Z'],
    ['exactly at a start: the window serves', '2026-06-01T00:00:00Z', 'PRE', 'pre', 'WINDOW', '2026-06-10T00:00:00Z'],
    [
      '1 ms before an end: still the window',
      '2026-06-09T23:59:59.999Z',
      'PRE',
      'pre',
      'WINDOW',
      '2026-06-10T00:00:00Z',
    ],
    [
      'exactly at an end, gap follows: the ended window stays',
      '2026-06-10T00:00:00Z',
      'PRE',
      'pre',
      'GAP',
      '2026-06-10T10:00:00Z',
    ],
    ['in the PRE→LIVE gap', '2026-06-10T09:59:59.999Z', 'PRE', 'pre', 'GAP', '2026-06-10T10:00:00Z'],
    ['LIVE opens', '2026-06-10T10:00:00Z', 'LIVE', 'day1', 'WINDOW', '2026-06-10T22:00:00Z'],
    [
      'overnight between two LIVE days: day 1 stays',
      '2026-06-11T03:00:00Z',
      'LIVE',
      'day1',
      'GAP',
      '2026-06-11T10:00:00Z',
    ],
    ['LIVE day 2', '2026-06-11T12:00:00Z', 'LIVE', 'day2', 'WINDOW', '2026-06-11T22:00:00Z'],
    ['between LIVE and POST: LIVE stays', '2026-06-12T12:00:00Z', 'LIVE', 'day2', 'GAP', '2026-06-13T00:00:00Z'],
    ['POST', '2026-06-15T00:00:00Z', 'POST', 'post', 'WINDOW', '2026-06-20T00:00:00Z'],
    [
      'exactly at the last end: the POST page, for good',
      '2026-06-20T00:00:00Z',
      'POST',
      'post',
      'AFTER_LAST',
      undefined,
    ],
    ['a year after', '2027-06-20T00:00:00Z', 'POST', 'post', 'AFTER_LAST', undefined],
  ])('%s', (_case, now, mode, windowId, reason, validUntil) => {
    const result = resolveMode(event, festival, at(now));
    expect(result).toEqual({
      mode,
      url: `https://example.com/${windowId}`,
      windowId,
      reason,
      ...(validUntil === undefined ? {} : { validUntil: at(validUntil) }),
    });
  });

  test('takes now as epoch milliseconds too', () => {
    expect(resolveMode(event, festival, ms('2026-06-10T10:00:00Z'))).toEqual(
      resolveMode(event, festival, at('2026-06-10T10:00:00Z')),
    );
  });

  test.each([
    ['reversed', [...festival].reverse()],
    ['shuffled', [day2, post, pre, day1]],
  ])('gives the same answers for %s input', (_case, windows) => {
    for (const now of [
      '2026-05-01T00:00:00Z',
      '2026-06-10T05:00:00Z',
      '2026-06-11T03:00:00Z',
      '2026-06-30T00:00:00Z',
    ]) {
      expect(resolveMode(event, windows, at(now))).toEqual(resolveMode(event, festival, at(now)));
    }
  });

  test('touching windows hand over at the boundary instant', () => {
    const a = win('a', 'PRE', '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z');
    const b = win('b', 'LIVE', '2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z');
    expect(resolveMode(event, [a, b], ms('2026-06-01T23:59:59.999Z'))).toMatchObject({
      windowId: 'a',
      validUntil: b.startsAt,
    });
    expect(resolveMode(event, [a, b], b.startsAt)).toMatchObject({ windowId: 'b', reason: 'WINDOW' });
  });

  test('validUntil is the boundary itself, so a cached answer is exact up to it', () => {
    const result = resolveMode(event, festival, at('2026-06-10T12:00:00Z'));
    expect(result.validUntil).toBe(day1.endsAt);
    const justBefore = resolveMode(event, festival, result.validUntil!.getTime() - 1);
    expect(justBefore.windowId).toBe(result.windowId);
  });
});

describe('resolveMode without a PRE or POST page', () => {
  const liveOnly = [day1, day2];
  test.each([
    ['before the first window', '2026-06-01T00:00:00Z', 'BEFORE_FIRST', '2026-06-10T10:00:00Z'],
    ['after the last window', '2026-06-12T00:00:00Z', 'AFTER_LAST', undefined],
  ])('%s serves the fallback', (_case, now, reason, validUntil) => {
    expect(resolveMode(event, liveOnly, at(now))).toEqual({
      mode: 'FALLBACK',
      url: event.fallbackUrl,
      reason,
      ...(validUntil === undefined ? {} : { validUntil: at(validUntil) }),
    });
  });

  test('before the first window, the earliest PRE serves even when a LIVE opens first', () => {
    const laterPre = win('late-pre', 'PRE', '2026-06-12T00:00:00Z', '2026-06-12T01:00:00Z');
    expect(resolveMode(event, [day1, laterPre], at('2026-06-01T00:00:00Z'))).toMatchObject({
      mode: 'PRE',
      windowId: 'late-pre',
      reason: 'BEFORE_FIRST',
      validUntil: day1.startsAt,
    });
  });

  test('after the last window, the latest POST serves even when another window ends later', () => {
    const earlyPost = win('early-post', 'POST', '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z');
    expect(resolveMode(event, [earlyPost, day1], at('2026-07-01T00:00:00Z'))).toMatchObject({
      mode: 'POST',
      windowId: 'early-post',
      reason: 'AFTER_LAST',
    });
  });

  test('no windows at all serves the fallback for good', () => {
    expect(resolveMode(event, [], at('2026-06-10T12:00:00Z'))).toEqual({
      mode: 'FALLBACK',
      url: event.fallbackUrl,
      reason: 'NO_WINDOWS',
    });
  });
});

describe('resolveMode with a manual override', () => {
  test.each([
    ['PRE during LIVE', 'PRE', '2026-06-10T12:00:00Z', 'pre', undefined],
    ['POST before anything', 'POST', '2026-05-01T00:00:00Z', 'post', undefined],
    ['LIVE before anything: the next LIVE', 'LIVE', '2026-05-01T00:00:00Z', 'day1', '2026-06-10T10:00:00Z'],
    ['LIVE during day 2: day 2', 'LIVE', '2026-06-11T12:00:00Z', 'day2', '2026-06-11T22:00:00Z'],
    ['LIVE overnight: the day that ended last', 'LIVE', '2026-06-11T03:00:00Z', 'day1', '2026-06-11T10:00:00Z'],
    ['LIVE after the event: the last LIVE', 'LIVE', '2026-07-01T00:00:00Z', 'day2', undefined],
  ] as const)('%s', (_case, overrideMode, now, windowId, validUntil) => {
    const result = resolveMode({ ...event, overrideMode }, festival, at(now));
    expect(result).toEqual({
      mode: overrideMode,
      url: `https://example.com/${windowId}`,
      windowId,
      reason: 'OVERRIDE',
      ...(validUntil === undefined ? {} : { validUntil: at(validUntil) }),
    });
  });

  test('to a kind without a window serves the fallback', () => {
    expect(resolveMode({ ...event, overrideMode: 'POST' }, [pre, day1], at('2026-06-10T12:00:00Z'))).toEqual({
      mode: 'FALLBACK',
      url: event.fallbackUrl,
      reason: 'OVERRIDE_NO_WINDOW',
    });
  });
});

describe('resolveMode for an event that does not serve', () => {
  test.each([
    ['disabled flag', { disabled: true }],
    ['DISABLED status', { status: 'DISABLED' }],
    ['ARCHIVED status', { status: 'ARCHIVED' }],
    ['disabled even with an override', { disabled: true, overrideMode: 'LIVE' as const }],
  ])('%s serves the fallback', (_case, patch) => {
    expect(resolveMode({ ...event, ...patch }, festival, at('2026-06-10T12:00:00Z'))).toEqual({
      mode: 'FALLBACK',
      url: event.fallbackUrl,
      reason: 'EVENT_DISABLED',
    });
  });

  test.each([
    ['ACTIVE status', { status: 'ACTIVE' }],
    ['no status at all', { status: undefined }],
    ['disabled: false', { disabled: false }],
  ])('%s serves by the clock', (_case, patch) => {
    expect(resolveMode({ ...event, ...patch }, festival, at('2026-06-10T12:00:00Z')).reason).toBe('WINDOW');
  });
});

describe('resolveMode on overlapping data (rejected on write, tolerated on read)', () => {
  test('the window that started last wins until the next boundary', () => {
    const long = win('long', 'LIVE', '2026-06-01T00:00:00Z', '2026-06-30T00:00:00Z');
    const inner = win('inner', 'PRE', '2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z');
    const later = win('later', 'POST', '2026-06-20T00:00:00Z', '2026-07-01T00:00:00Z');
    const windows = [long, inner, later];
    expect(resolveMode(event, windows, at('2026-06-05T00:00:00Z'))).toMatchObject({
      windowId: 'long',
      validUntil: inner.startsAt,
    });
    expect(resolveMode(event, windows, at('2026-06-10T12:00:00Z'))).toMatchObject({ windowId: 'inner' });
    expect(resolveMode(event, windows, at('2026-06-15T00:00:00Z'))).toMatchObject({
      windowId: 'long',
      validUntil: later.startsAt,
    });
    expect(resolveMode(event, windows, at('2026-06-25T00:00:00Z'))).toMatchObject({ windowId: 'later' });
  });
});

describe('resolveMode cost', () => {
  test('stays well under a microsecond per call for a typical event', () => {
    const now = ms('2026-06-11T03:00:00Z');
    for (let i = 0; i < 10_000; i++) resolveMode(event, festival, now);
    const runs = 200_000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) resolveMode(event, festival, now + i);
    const perCallUs = ((performance.now() - started) * 1000) / runs;
    // Generous bound for a shared 2-core machine; it measures ~0.05 µs here.
    expect(perCallUs).toBeLessThan(2);
  });
});

describe('resolveMode with windows typed in the event’s time zone', () => {
  const berlin = (text: string) => zonedToDate(parseLocalDateTime(text)!, 'Europe/Berlin');
  const typed = (id: string, kind: WindowKind, from: string, to: string): ModeWindow => ({
    id,
    kind,
    url: `https://example.com/${id}`,
    startsAt: berlin(from),
    endsAt: berlin(to),
  });

  test('a LIVE window from 01:00 to 04:00 on spring-forward night lasts two real hours', () => {
    const night = typed('night', 'LIVE', '2026-03-29T01:00', '2026-03-29T04:00');
    expect(night.endsAt.getTime() - night.startsAt.getTime()).toBe(2 * 3_600_000);
    expect(resolveMode(event, [night], at('2026-03-29T01:59:59.999Z')).reason).toBe('WINDOW');
    expect(resolveMode(event, [night], at('2026-03-29T02:00:00Z')).reason).toBe('AFTER_LAST');
  });

  test('on fall-back night, a window ending at 02:30 hands over to one starting at 02:30 without overlap', () => {
    const before = typed('before', 'PRE', '2026-10-25T00:00', '2026-10-25T02:30');
    const after = typed('after', 'LIVE', '2026-10-25T02:30', '2026-10-25T05:00');
    expect(findWindowOverlap([before, after])).toBeNull();
    // 02:30 is ambiguous and takes the first occurrence (CEST, 00:30Z).
    expect(resolveMode(event, [before, after], at('2026-10-25T00:30:00Z'))).toMatchObject({ windowId: 'after' });
    // The second 02:30 (CET) is an hour into LIVE, which lasts 3.5 real hours.
    expect(after.endsAt.getTime() - after.startsAt.getTime()).toBe(3.5 * 3_600_000);
  });
});
