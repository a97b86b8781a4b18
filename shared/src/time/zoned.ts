/**
 * Wall-clock date-times in an IANA time zone ⇄ instants, with the platform's `Intl` tz database
 * (no library). Organizers type window times in the event's time zone; analytics buckets taps by
 * the event's local hour and day.
 *
 * DST policy (the same as Temporal's default `disambiguation: 'compatible'`, so a later move to
 * Temporal changes nothing):
 * - A local time that does not exist (spring-forward gap, e.g. 02:30 on Europe/Berlin's last
 *   Sunday of March) is moved forward by the length of the gap: 02:30 → 03:30 CEST. The result
 *   says `kind: 'GAP'` so the UI can tell the organizer.
 * - A local time that exists twice (fall-back, e.g. 02:30 on Berlin's last Sunday of October)
 *   takes the earlier instant, i.e. the offset in force before the clocks go back (02:30 CEST,
 *   UTC+2). The result says `kind: 'AMBIGUOUS'`.
 *
 * Offsets are whole minutes (every zone since the 1970s is; Lord Howe's DST step is 30 minutes,
 * Kolkata is +05:30, Kathmandu +05:45). Formatters are cached per zone: building one is the costly
 * part of `Intl`.
 */

export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  /** 0–23 */
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  readonly millisecond?: number;
}

export type ZonedKind = 'EXACT' | 'GAP' | 'AMBIGUOUS';

export interface ZonedInstant {
  readonly instant: Date;
  readonly kind: ZonedKind;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// IANA names are letters, digits and `/_+-` starting with a letter ("UTC", "Etc/GMT+5",
// "America/Argentina/Buenos_Aires"); this keeps out the offset strings ("+01:00") Intl also takes.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's canonical IANA name ("asia/calcutta" → "Asia/Calcutta" or "Asia/Kolkata"), or null. */
export function canonicalTimeZone(timeZone: string): string | null {
  if (!IANA_NAME.test(timeZone)) return null;
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const isValidTimeZone = (timeZone: string): boolean => canonicalTimeZone(timeZone) !== null;

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown IANA time zone: ${timeZone}`);
}

/** The wall clock in `timeZone` at `instant`. */
export function instantToZoned(instant: Date | number, timeZone: string): Required<LocalDateTime> {
  assertTimeZone(timeZone);
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Invalid instant');
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(t)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
    }
  }
  return {
    year: bc ? 1 - year : year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond: ((t % 1000) + 1000) % 1000,
  };
}

/** Wall-clock fields read as if they were UTC, in epoch ms (proleptic Gregorian, any year). */
function wallAsUtc(local: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(local.year, local.month - 1, local.day);
  d.setUTCHours(local.hour, local.minute, local.second ?? 0, local.millisecond ?? 0);
  return d.getTime();
}

/** UTC offset of `timeZone` at `instant`, in minutes east of UTC (Berlin in summer: 120). */
export function offsetMinutesAt(instant: Date | number, timeZone: string): number {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const wall = wallAsUtc(instantToZoned(t, timeZone));
  return Math.round((wall - t) / MINUTE);
}

/** Throws a RangeError for fields that are not a calendar date and clock time (Feb 30, 24:00). */
export function assertLocalDateTime(local: LocalDateTime): void {
  const { year, month, day, hour, minute, second = 0, millisecond = 0 } = local;
  const ints = [year, month, day, hour, minute, second, millisecond];
  if (!ints.every(Number.isInteger)) throw new RangeError('Local date-time fields must be integers');
  const ok =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    millisecond >= 0 &&
    millisecond <= 999;
  if (!ok) throw new RangeError(`Not a valid local date-time: ${formatLocalDateTime(local)}`);
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/**
 * The instant a wall-clock time in `timeZone` denotes, with what DST did to it (policy above).
 * Throws a RangeError for an unknown zone or impossible fields.
 */
export function zonedToInstant(local: LocalDateTime, timeZone: string): ZonedInstant {
  assertTimeZone(timeZone);
  assertLocalDateTime(local);
  const wall = wallAsUtc(local);
  // Offsets in force a day either side bracket any single transition near this wall time.
  const before = offsetMinutesAt(wall - DAY, timeZone);
  const after = offsetMinutesAt(wall + DAY, timeZone);
  const withBefore = wall - before * MINUTE;
  const withAfter = wall - after * MINUTE;
  const beforeFits = offsetMinutesAt(withBefore, timeZone) === before;
  const afterFits = before !== after && offsetMinutesAt(withAfter, timeZone) === after;
  if (beforeFits && afterFits) {
    // Fall-back: the wall time happens twice; take the first (the offset before the change).
    return { instant: new Date(Math.min(withBefore, withAfter)), kind: 'AMBIGUOUS' };
  }
  if (beforeFits) return { instant: new Date(withBefore), kind: 'EXACT' };
  if (afterFits) return { instant: new Date(withAfter), kind: 'EXACT' };
  if (before === after) {
    // Same offset a day either side, yet it does not fit: two transitions within two days (not
    // in the tz database since the 1940s). Trust the offset at the naive instant.
    return { instant: new Date(wall - offsetMinutesAt(wall, timeZone) * MINUTE), kind: 'EXACT' };
  }
  // Spring-forward gap: read the wall time with the offset before the jump, which lands after the
  // jump by the gap's length (02:30 at +01:00 is 01:30Z, which Berlin shows as 03:30).
  return { instant: new Date(withBefore), kind: 'GAP' };
}

/** Shorthand for `zonedToInstant(local, timeZone).instant`. */
export const zonedToDate = (local: LocalDateTime, timeZone: string): Date => zonedToInstant(local, timeZone).instant;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** Parses `YYYY-MM-DDTHH:mm[:ss[.SSS]]` (what `<input type="datetime-local">` gives), or null. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const m = LOCAL_PATTERN.exec(text);
  if (m === null) return null;
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    millisecond: m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0')),
  };
  try {
    assertLocalDateTime(local);
  } catch {
    return null;
  }
  return local;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm:ss` (and `.SSS` when not zero): the inverse of `parseLocalDateTime`. */
export function formatLocalDateTime(local: LocalDateTime): string {
  const base = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second ?? 0)}`;
  return local.millisecond ? `${base}.${pad(local.millisecond, 3)}` : base;
}

export type ZonedBucket = 'hour' | 'day';

/**
 * Start of the local hour or day containing `instant`, as an instant: the analytics bucket key.
 * Local hours follow the zone (in Kolkata they start at :30 UTC). A day that starts in a DST gap
 * (midnight skipped) starts at the first instant after the gap.
 */
export function zonedBucketStart(instant: Date | number, timeZone: string, bucket: ZonedBucket): Date {
  const local = instantToZoned(instant, timeZone);
  if (bucket === 'hour') {
    // Subtracting the elapsed minutes keeps us in the same offset even in a repeated hour.
    const t = typeof instant === 'number' ? instant : instant.getTime();
    return new Date(t - local.minute * MINUTE - local.second * 1000 - local.millisecond);
  }
  return zonedToInstant({ year: local.year, month: local.month, day: local.day, hour: 0, minute: 0 }, timeZone).instant;
}
