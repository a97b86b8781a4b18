import { findWindowOverlap } from '@sparkmotion/shared/modes/window-overlap';
import { fromZonedInput, toZonedInput } from './zoned-input.ts';

export type WindowKind = 'PRE' | 'LIVE' | 'POST';

export interface SavedWindow {
  id: string;
  kind: string;
  url: string;
  startsAt: string;
  endsAt: string;
}

/** A window as the editor holds it: times as typed, in the event's zone. */
export interface WindowDraft {
  id: string;
  kind: WindowKind;
  url: string;
  start: string;
  end: string;
  isNew: boolean;
  deleted: boolean;
}

export interface DraftCheck {
  /** Parsed instants of each draft that has valid times. */
  ranges: Map<string, { startsAt: string; endsAt: string }>;
  /** Problems per draft id, in words for the operator. */
  problems: Map<string, string>;
  overlap: readonly [string, string] | null;
}

export function draftsFrom(windows: readonly SavedWindow[], timeZone: string): WindowDraft[] {
  return [...windows]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((w) => ({
      id: w.id,
      kind: w.kind as WindowKind,
      url: w.url,
      start: toZonedInput(w.startsAt, timeZone),
      end: toZonedInput(w.endsAt, timeZone),
      isNew: false,
      deleted: false,
    }));
}

/** Everything wrong with the drafts, computed before anything is saved (overlap included). */
export function checkDrafts(drafts: readonly WindowDraft[], timeZone: string): DraftCheck {
  const ranges = new Map<string, { startsAt: string; endsAt: string }>();
  const problems = new Map<string, string>();
  for (const d of drafts) {
    if (d.deleted) continue;
    const start = fromZonedInput(d.start, timeZone);
    const end = fromZonedInput(d.end, timeZone);
    if (!/^https?:\/\/[^/\s]+/.test(d.url)) problems.set(d.id, 'The URL must start with http:// or https://');
    if (!start || !end) {
      problems.set(d.id, 'Type a start and an end time');
      continue;
    }
    if (Date.parse(start.iso) >= Date.parse(end.iso)) {
      problems.set(d.id, 'The window must end after it starts');
      continue;
    }
    if (start.dst === 'GAP' || end.dst === 'GAP') {
      problems.set(d.id, 'That time does not exist on this day (clocks go forward); it was moved');
    }
    ranges.set(d.id, { startsAt: start.iso, endsAt: end.iso });
  }
  const pair = findWindowOverlap(
    [...ranges].map(([id, r]) => ({ id, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })),
  );
  const overlap = pair ? ([pair[0].id, pair[1].id] as const) : null;
  if (overlap) {
    problems.set(overlap[0], 'Overlaps another window');
    problems.set(overlap[1], 'Overlaps another window');
  }
  return { ranges, problems, overlap };
}

export type WindowChange =
  | { op: 'delete'; windowId: string }
  | { op: 'update'; windowId: string; patch: Partial<WindowFields> }
  | { op: 'create'; windowId: string; window: WindowFields };

type WindowFields = { kind: WindowKind; url: string; startsAt: string; endsAt: string };

/**
 * The mutations that turn the saved windows into the drafts: deletes first, then updates, then creates,
 * so a window moved into the slot another one left never overlaps on the way.
 */
export function changesFor(
  saved: readonly SavedWindow[],
  drafts: readonly WindowDraft[],
  ranges: DraftCheck['ranges'],
): WindowChange[] {
  const byId = new Map(saved.map((w) => [w.id, w]));
  const deletes: WindowChange[] = [];
  const updates: WindowChange[] = [];
  const creates: WindowChange[] = [];
  for (const d of drafts) {
    if (d.deleted) {
      if (!d.isNew) deletes.push({ op: 'delete', windowId: d.id });
      continue;
    }
    const range = ranges.get(d.id);
    if (!range) continue;
    const next = { kind: d.kind, url: d.url, startsAt: range.startsAt, endsAt: range.endsAt };
    const before = byId.get(d.id);
    if (!before || d.isNew) {
      creates.push({ op: 'create', windowId: d.id, window: next });
      continue;
    }
    const patch: Partial<WindowFields> = {};
    if (before.kind !== next.kind) patch.kind = next.kind;
    if (before.url !== next.url) patch.url = next.url;
    if (Date.parse(before.startsAt) !== Date.parse(next.startsAt)) patch.startsAt = next.startsAt;
    if (Date.parse(before.endsAt) !== Date.parse(next.endsAt)) patch.endsAt = next.endsAt;
    if (Object.keys(patch).length > 0) updates.push({ op: 'update', windowId: d.id, patch });
  }
  return [...deletes, ...updates, ...creates];
}
