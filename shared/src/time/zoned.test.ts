import { describe, expect, test } from 'vitest';
import {
  canonicalTimeZone,
  formatLocalDateTime,
  instantToZoned,
  isValidTimeZone,
  type LocalDateTime,
  offsetMinutesAt,
  parseLocalDateTime,
  zonedBucketStart,
  zonedToInstant,
} from './zoned.ts';

const local = (text: string): LocalDateTime => {
  const parsed = parseLocalDateTime(text);
  if (parsed === null) throw new Error(`bad fixture ${text}`);
  return parsed;
};

describe('zonedToInstant', () => {
  test.each([
    // zone, local wall time, instant, kind
    ['Europe/Berlin', '2026-01-15T12:00', '2026-01-15T11:00:00.000Z', 'EXACT'],
    ['Europe/Berlin', '2026-07-15T12:00', '2026-07-15T10:00:00.000Z', 'EXACT'],
    // Spring forward, Sunday 29 March 2026: 02:00 CET → 03:00 CEST.
    ['Europe/Berlin', '2026-03-29T01:59:59', '2026-03-29T00:59:59.000Z', 'EXACT'],
    ['Europe/Berlin', '2026-03-29T02:00', '2026-03-29T01:00:00.000Z', 'GAP'],
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z', 'GAP'],
    ['Europe/Berlin', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z', 'EXACT'],
    // Fall back, Sunday 25 October 2026: 03:00 CEST → 02:00 CET; 02:xx happens twice.
    ['Europe/Berlin', '2026-10-25T01:59', '2026-10-24T23:59:00.000Z', 'EXACT'],
    ['Europe/Berlin', '2026-10-25T02:00', '2026-10-25T00:00:00.000Z', 'AMBIGUOUS'],
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z', 'AMBIGUOUS'],
    ['Europe/Berlin', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z', 'EXACT'],
    // New York: spring forward 8 March 2026 02:00 EST → 03:00 EDT; fall back 1 November 01:00–02:00 twice.
    ['America/New_York', '2026-03-08T01:59', '2026-03-08T06:59:00.000Z', 'EXACT'],
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z', 'GAP'],
    ['America/New_York', '2026-03-08T03:00', '2026-03-08T07:00:00.000Z', 'EXACT'],
    ['America/New_York', '2026-11-01T00:59', '2026-11-01T04:59:00.000Z', 'EXACT'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z', 'AMBIGUOUS'],
    ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z', 'EXACT'],
    // Lord Howe moves by 30 minutes: +10:30 ⇄ +11. DST starts 4 October 2026 02:00 → 02:30,
    // ends 5 April 2026 02:00 → 01:30.
    ['Australia/Lord_Howe', '2026-10-04T01:59', '2026-10-03T15:29:00.000Z', 'EXACT'],
    ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:45:00.000Z', 'GAP'],
    ['Australia/Lord_Howe', '2026-10-04T02:30', '2026-10-03T15:30:00.000Z', 'EXACT'],
    ['Australia/Lord_Howe', '2026-04-05T01:29', '2026-04-04T14:29:00.000Z', 'EXACT'],
    ['Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45:00.000Z', 'AMBIGUOUS'],
    ['Australia/Lord_Howe', '2026-04-05T02:00', '2026-04-04T15:30:00.000Z', 'EXACT'],
    // Kolkata has no DST: +05:30 all year, every wall time exists once.
    ['Asia/Kolkata', '2026-03-29T02:30', '2026-03-28T21:00:00.000Z', 'EXACT'],
    ['Asia/Kolkata', '2026-10-25T02:30', '2026-10-24T21:00:00.000Z', 'EXACT'],
    ['UTC', '2026-03-29T02:30', '2026-03-29T02:30:00.000Z', 'EXACT'],
    ['Asia/Kathmandu', '2026-01-01T00:00', '2025-12-31T18:15:00.000Z', 'EXACT'],
  ])('%s %s is %s (%s)', (zone, wall, instant, kind) => {
    const result = zonedToInstant(local(wall), zone);
    expect({ instant: result.instant.toISOString(), kind: result.kind }).toEqual({ instant, kind });
  });

  test('a time in the spring-forward gap moves forward by the gap: Berlin 02:30 shows as 03:30', () => {
    const { instant } = zonedToInstant(local('2026-03-29T02:30'), 'Europe/Berlin');
    expect(formatLocalDateTime(instantToZoned(instant, 'Europe/Berlin'))).toBe('2026-03-29T03:30:00');
  });

  test('an ambiguous time takes the earlier offset: Berlin 02:30 in October is CEST (+02:00)', () => {
    const { instant } = zonedToInstant(local('2026-10-25T02:30'), 'Europe/Berlin');
    expect(offsetMinutesAt(instant, 'Europe/Berlin')).toBe(120);
    // The second 02:30, an hour later, is CET and reads back as the same wall time.
    const second = new Date(instant.getTime() + 3_600_000);
    expect(offsetMinutesAt(second, 'Europe/Berlin')).toBe(60);
    expect(formatLocalDateTime(instantToZoned(second, 'Europe/Berlin'))).toBe('2026-10-25T02:30:00');
  });

  test.each([
    ['Europe/Berlin', ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z']],
    ['America/New_York', ['2026-03-08T04:00:00Z', '2026-11-01T04:00:00Z']],
    ['Australia/Lord_Howe', ['2026-04-04T13:00:00Z', '2026-10-03T13:00:00Z']],
    ['Asia/Kolkata', ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z']],
  ])('%s round-trips every 5 minutes across its transition days and every 67 minutes across the year', (zone, days) => {
    const instants: number[] = [];
    for (const day of days) {
      for (let t = Date.parse(day); t < Date.parse(day) + 86_400_000; t += 5 * 60_000) instants.push(t);
    }
    const year = Date.parse('2026-01-01T00:00:00Z');
    for (let t = year; t < year + 365 * 86_400_000; t += 67 * 60_000) instants.push(t);
    let ambiguous = 0;
    for (const t of instants) {
      const wall = instantToZoned(t, zone);
      const back = zonedToInstant(wall, zone);
      if (back.kind === 'AMBIGUOUS') {
        ambiguous++;
        // Either occurrence maps to the first, which reads back as the same wall time.
        expect(back.instant.getTime()).toBeLessThanOrEqual(t);
        expect(formatLocalDateTime(instantToZoned(back.instant, zone))).toBe(formatLocalDateTime(wall));
      } else {
        expect(back).toEqual({ instant: new Date(t), kind: 'EXACT' });
      }
    }
    expect(ambiguous > 0).toBe(zone !== 'Asia/Kolkata');
  });

  test.each([
    ['February 30th', { year: 2026, month: 2, day: 30, hour: 0, minute: 0 }],
    ['hour 24', { year: 2026, month: 1, day: 1, hour: 24, minute: 0 }],
    ['month 13', { year: 2026, month: 13, day: 1, hour: 0, minute: 0 }],
    ['a fraction', { year: 2026, month: 1, day: 1, hour: 1.5, minute: 0 }],
  ])('refuses %s', (_case, fields) => {
    expect(() => zonedToInstant(fields, 'Europe/Berlin')).toThrow(RangeError);
  });

  test('refuses an unknown zone', () => {
    expect(() => zonedToInstant(local('2026-01-01T00:00'), 'Mars/Olympus_Mons')).toThrow(/Unknown IANA time zone/);
  });

  test('accepts leap day', () => {
    expect(zonedToInstant(local('2028-02-29T12:00'), 'UTC').instant.toISOString()).toBe('2028-02-29T12:00:00.000Z');
  });
});

describe('instantToZoned', () => {
  test.each([
    ['Europe/Berlin', '2026-03-29T00:59:59.999Z', '2026-03-29T01:59:59.999', 60],
    ['Europe/Berlin', '2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00', 120],
    ['America/New_York', '2026-11-01T05:59:59.999Z', '2026-11-01T01:59:59.999', -240],
    ['America/New_York', '2026-11-01T06:00:00.000Z', '2026-11-01T01:00:00', -300],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00.000Z', '2026-10-04T02:30:00', 660],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00.000Z', '2026-04-05T01:30:00', 630],
    ['Asia/Kolkata', '2026-06-30T18:30:00.000Z', '2026-07-01T00:00:00', 330],
  ])('%s at %s reads %s (offset %i min)', (zone, instant, wall, offset) => {
    expect(formatLocalDateTime(instantToZoned(new Date(instant), zone))).toBe(wall);
    expect(offsetMinutesAt(new Date(instant), zone)).toBe(offset);
  });

  test('midnight reads as hour 0, not 24', () => {
    expect(instantToZoned(Date.parse('2026-01-01T00:00:00Z'), 'UTC').hour).toBe(0);
  });
});

describe('time zone names', () => {
  test.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5'])(
    'accepts %s',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  test.each(['', 'Europe/Berlinn', 'Mars/Olympus_Mons', '+01:00', '-05:00', 'Europe/../Berlin', 'Europe Berlin'])(
    'refuses %j',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
    },
  );

  test('gives the canonical spelling for a lower-case name', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
  });
});

describe('local date-time text', () => {
  test.each([
    ['2026-03-29T02:30', '2026-03-29T02:30:00'],
    ['2026-03-29 02:30:15', '2026-03-29T02:30:15'],
    ['2026-03-29T02:30:15.5', '2026-03-29T02:30:15.500'],
  ])('parses %s', (text, formatted) => {
    expect(formatLocalDateTime(local(text))).toBe(formatted);
  });

  test.each(['2026-02-30T00:00', '2026-03-29T24:00', '2026-3-29T02:30', '2026-03-29', '2026-03-29T02:30Z', ''])(
    'refuses %j',
    (text) => {
      expect(parseLocalDateTime(text)).toBeNull();
    },
  );
});

describe('zonedBucketStart', () => {
  test.each([
    ['Asia/Kolkata hour starts at :30 UTC', 'Asia/Kolkata', 'hour', '2026-06-01T10:29:59Z', '2026-06-01T09:30:00.000Z'],
    ['Asia/Kolkata day', 'Asia/Kolkata', 'day', '2026-06-01T10:00:00Z', '2026-05-31T18:30:00.000Z'],
    ['Berlin day in summer', 'Europe/Berlin', 'day', '2026-07-01T21:59:59Z', '2026-06-30T22:00:00.000Z'],
    ['Berlin day after midnight in summer', 'Europe/Berlin', 'day', '2026-07-01T22:00:00Z', '2026-07-01T22:00:00.000Z'],
    ['Berlin spring-forward day (23 h)', 'Europe/Berlin', 'day', '2026-03-29T20:00:00Z', '2026-03-28T23:00:00.000Z'],
    [
      'New York first 01:xx of fall-back',
      'America/New_York',
      'hour',
      '2026-11-01T05:40:00Z',
      '2026-11-01T05:00:00.000Z',
    ],
    [
      'New York second 01:xx of fall-back',
      'America/New_York',
      'hour',
      '2026-11-01T06:40:00Z',
      '2026-11-01T06:00:00.000Z',
    ],
    // Santiago springs forward at midnight: 6 September 2026 starts at 01:00 (-03:00).
    ['a day whose midnight is skipped', 'America/Santiago', 'day', '2026-09-06T12:00:00Z', '2026-09-06T04:00:00.000Z'],
  ] as const)('%s', (_case, zone, bucket, instant, start) => {
    expect(zonedBucketStart(new Date(instant), zone, bucket).toISOString()).toBe(start);
  });
});
