import { DomainError } from '../errors.ts';

/**
 * Windows of one event never overlap, so at any instant at most one serves. Ranges are half-open
 * [startsAt, endsAt): a window that ends exactly when the next starts touches it, it does not
 * overlap it.
 */

export interface TimeRange {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** A range is valid when both ends are real dates and it starts strictly before it ends. */
export function isValidRange(range: TimeRange): boolean {
  const start = range.startsAt.getTime();
  const end = range.endsAt.getTime();
  return Number.isFinite(start) && Number.isFinite(end) && start < end;
}

/** The first range (in input order) that is not valid, or null. */
export function findInvalidRange<W extends TimeRange>(windows: readonly W[]): W | null {
  for (const w of windows) if (!isValidRange(w)) return w;
  return null;
}

/**
 * The first overlapping pair in start order (`[earlier, later]`), or null. Input order does not
 * matter. A window nested inside a long one is found too. Invalid ranges are the caller's to
 * reject first (see `assertValidWindows`).
 */
export function findWindowOverlap<W extends TimeRange>(windows: readonly W[]): readonly [W, W] | null {
  if (windows.length < 2) return null;
  const sorted = [...windows].sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime(),
  );
  let reach = sorted[0]!; // the window reaching furthest so far
  for (let i = 1; i < sorted.length; i++) {
    const w = sorted[i]!;
    if (w.startsAt.getTime() < reach.endsAt.getTime()) return [reach, w];
    if (w.endsAt.getTime() > reach.endsAt.getTime()) reach = w;
  }
  return null;
}

/**
 * Throws `BAD_INPUT` for a window that does not start before it ends, `WINDOW_OVERLAP` for two
 * windows that overlap; `details` carries the ids (when the windows have them) for the form.
 */
export function assertValidWindows<W extends TimeRange & { readonly id?: string }>(windows: readonly W[]): void {
  const invalid = findInvalidRange(windows);
  if (invalid !== null) {
    throw new DomainError('BAD_INPUT', 'A window must start before it ends', { windowId: invalid.id ?? null });
  }
  const overlap = findWindowOverlap(windows);
  if (overlap !== null) {
    throw new DomainError('WINDOW_OVERLAP', 'Windows of an event may not overlap', {
      windowIds: [overlap[0].id ?? null, overlap[1].id ?? null],
    });
  }
}
