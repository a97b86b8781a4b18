import {
  formatLocalDateTime,
  instantToZoned,
  parseLocalDateTime,
  zonedToInstant,
} from '@sparkmotion/shared/time/zoned';

/** An instant as the `datetime-local` input shows it: wall-clock minutes in the event's time zone. */
export function toZonedInput(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  return formatLocalDateTime({ ...instantToZoned(t, timeZone), second: 0, millisecond: 0 }).slice(0, 16);
}

/**
 * What a typed wall-clock time in the event's zone means, or null when it is not a time. A time that
 * does not exist (spring-forward gap) or exists twice (fall-back) is resolved by the shared DST policy
 * and flagged, so the editor can say so before saving.
 */
export function fromZonedInput(
  text: string,
  timeZone: string,
): { iso: string; dst: 'GAP' | 'AMBIGUOUS' | null } | null {
  const local = parseLocalDateTime(text.length === 16 ? `${text}:00` : text);
  if (!local) return null;
  try {
    const zoned = zonedToInstant(local, timeZone);
    return { iso: zoned.instant.toISOString(), dst: zoned.kind === 'EXACT' ? null : zoned.kind };
  } catch {
    return null;
  }
}

/** A short wall-clock label in the event's zone, in the desk's locale, e.g. `Sat 14 Jun, 18:00` (en-GB). */
export function zonedLabel(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
