/**
 * Which page a tap is sent to right now: the one rule every tap runs through.
 *
 * Windows are absolute instants (timestamptz): a window serves from `startsAt` (inclusive) until
 * `endsAt` (exclusive). The event's timezone only matters when organizers type times in
 * (see `time/zoned.ts`); by the time windows reach this function they are instants, so DST cannot
 * shift a boundary here.
 *
 * Policy, in order (what an organizer expects a wristband to open):
 * 1. Event disabled or archived (`disabled: true`, or `status` DISABLED / ARCHIVED) → the fallback
 *    URL (`EVENT_DISABLED`). The attendee is never left on an error page.
 * 2. Manual override (`overrideMode` PRE | LIVE | POST) wins over the clock (`OVERRIDE`). With
 *    several windows of that kind, the one open now serves, else the one that ended last, else the
 *    next one to open. No window of that kind → the fallback (`OVERRIDE_NO_WINDOW`).
 * 3. No windows at all → the fallback (`NO_WINDOWS`).
 * 4. A window open now serves (`WINDOW`). Windows never overlap (see `window-overlap.ts`); should
 *    bad data overlap anyway, the one that started last wins, deterministically.
 * 5. Before the first window (`BEFORE_FIRST`): the event's earliest PRE window, so early tappers
 *    see the "coming soon" page; without a PRE window, the fallback.
 * 6. After the last window (`AFTER_LAST`): the event's latest POST window, so late tappers see the
 *    "thank you" page; without a POST window, the fallback.
 * 7. In a gap between windows (`GAP`): the window that ended last keeps serving until the next one
 *    opens. A page stays up until the organizer's next page replaces it: overnight between two
 *    LIVE days the live page stays, between PRE and LIVE the PRE page stays.
 *
 * `validUntil` is the next instant at which the answer can change (the next window boundary that
 * matters), or undefined when only an edit of the event or its windows can change it. A caller may
 * cache the result until then without any invalidation on the clock. It is the window's own Date
 * object (no allocation): do not mutate it.
 *
 * Cost: one pass over the windows, no sorting, no allocation besides the result; input need not
 * be sorted.
 */

export type WindowKind = 'PRE' | 'LIVE' | 'POST';
export const WINDOW_KINDS: readonly WindowKind[] = ['PRE', 'LIVE', 'POST'];

export type ServedMode = WindowKind | 'FALLBACK';

export type ModeReason =
  | 'EVENT_DISABLED'
  | 'OVERRIDE'
  | 'OVERRIDE_NO_WINDOW'
  | 'NO_WINDOWS'
  | 'WINDOW'
  | 'BEFORE_FIRST'
  | 'AFTER_LAST'
  | 'GAP';

/** Event statuses under which no window serves and every tap gets the fallback URL. */
export const INACTIVE_EVENT_STATUSES: readonly string[] = ['DISABLED', 'ARCHIVED'];

/** The least of an event that resolving needs; entities and cached rows satisfy it structurally. */
export interface ModeEvent {
  readonly fallbackUrl: string;
  readonly overrideMode?: WindowKind | null;
  /** Either flag disables: `disabled: true`, or a status in INACTIVE_EVENT_STATUSES. */
  readonly disabled?: boolean;
  readonly status?: string | null;
}

export interface ModeWindow {
  readonly id: string;
  readonly kind: WindowKind;
  readonly url: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface ModeResolution {
  readonly mode: ServedMode;
  readonly url: string;
  /** The window whose URL is served; absent when the fallback serves. */
  readonly windowId?: string;
  readonly reason: ModeReason;
  /** Next instant the answer can change; absent when only data edits can change it. */
  readonly validUntil?: Date;
}

export const isEventServing = (event: ModeEvent): boolean =>
  event.disabled !== true && !(event.status != null && INACTIVE_EVENT_STATUSES.includes(event.status));

function fallback(event: ModeEvent, reason: ModeReason, validUntil?: Date): ModeResolution {
  return validUntil === undefined
    ? { mode: 'FALLBACK', url: event.fallbackUrl, reason }
    : { mode: 'FALLBACK', url: event.fallbackUrl, reason, validUntil };
}

function served(window: ModeWindow, reason: ModeReason, validUntil: Date | undefined): ModeResolution {
  return validUntil === undefined
    ? { mode: window.kind, url: window.url, windowId: window.id, reason }
    : { mode: window.kind, url: window.url, windowId: window.id, reason, validUntil };
}

/**
 * Where `t` falls among the windows (of one kind, or all when `kind` is null), in one pass. A
 * module-level scratch object, reset on each call and read at once by the caller, keeps the hot
 * path free of allocation.
 */
interface WindowScan {
  count: number;
  open: ModeWindow | undefined; // contains t; the latest start wins
  lastEnded: ModeWindow | undefined; // greatest endsAt <= t
  nextStart: ModeWindow | undefined; // least startsAt > t
  firstPre: ModeWindow | undefined; // least startsAt among PRE
  lastPost: ModeWindow | undefined; // greatest endsAt among POST
}
const scan: WindowScan = {
  count: 0,
  open: undefined,
  lastEnded: undefined,
  nextStart: undefined,
  firstPre: undefined,
  lastPost: undefined,
};

function scanWindows(windows: readonly ModeWindow[], t: number, kind: WindowKind | null): WindowScan {
  scan.count = 0;
  scan.open = scan.lastEnded = scan.nextStart = scan.firstPre = scan.lastPost = undefined;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    if (kind !== null && w.kind !== kind) continue;
    scan.count++;
    const start = w.startsAt.getTime();
    const end = w.endsAt.getTime();
    if (start <= t && t < end) {
      if (scan.open === undefined || start > scan.open.startsAt.getTime()) scan.open = w;
    } else if (end <= t) {
      if (scan.lastEnded === undefined || end > scan.lastEnded.endsAt.getTime()) scan.lastEnded = w;
    } else if (scan.nextStart === undefined || start < scan.nextStart.startsAt.getTime()) {
      scan.nextStart = w;
    }
    if (w.kind === 'PRE') {
      if (scan.firstPre === undefined || start < scan.firstPre.startsAt.getTime()) scan.firstPre = w;
    } else if (w.kind === 'POST') {
      if (scan.lastPost === undefined || end > scan.lastPost.endsAt.getTime()) scan.lastPost = w;
    }
  }
  return scan;
}

/** Until when the open window serves: its end, or earlier if (invalid, overlapping) data opens another inside it. */
const openUntil = (open: ModeWindow, nextStart: ModeWindow | undefined): Date =>
  nextStart !== undefined && nextStart.startsAt.getTime() < open.endsAt.getTime() ? nextStart.startsAt : open.endsAt;

export function resolveMode(event: ModeEvent, windows: readonly ModeWindow[], now: Date | number): ModeResolution {
  if (!isEventServing(event)) return fallback(event, 'EVENT_DISABLED');
  const t = typeof now === 'number' ? now : now.getTime();
  const override = event.overrideMode;
  if (override != null) return resolveOverride(event, windows, override, t);
  if (windows.length === 0) return fallback(event, 'NO_WINDOWS');

  const { open, lastEnded, nextStart, firstPre, lastPost } = scanWindows(windows, t, null);
  if (open !== undefined) return served(open, 'WINDOW', openUntil(open, nextStart));
  if (lastEnded === undefined) {
    // Before every window: nextStart is the first window.
    return firstPre === undefined
      ? fallback(event, 'BEFORE_FIRST', nextStart!.startsAt)
      : served(firstPre, 'BEFORE_FIRST', nextStart!.startsAt);
  }
  if (nextStart === undefined) {
    return lastPost === undefined ? fallback(event, 'AFTER_LAST') : served(lastPost, 'AFTER_LAST', undefined);
  }
  return served(lastEnded, 'GAP', nextStart.startsAt);
}

function resolveOverride(
  event: ModeEvent,
  windows: readonly ModeWindow[],
  kind: WindowKind,
  t: number,
): ModeResolution {
  const { count, open, lastEnded, nextStart } = scanWindows(windows, t, kind);
  if (count === 0) return fallback(event, 'OVERRIDE_NO_WINDOW');
  // With a single window of the kind the answer never changes with time.
  if (count === 1) return served((open ?? lastEnded ?? nextStart)!, 'OVERRIDE', undefined);
  if (open !== undefined) return served(open, 'OVERRIDE', openUntil(open, nextStart));
  if (lastEnded !== undefined) return served(lastEnded, 'OVERRIDE', nextStart?.startsAt);
  return served(nextStart!, 'OVERRIDE', nextStart!.startsAt);
}
