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

/** What is wrong with a draft, as a catalogue key under `editor.problem` (the screen says it in words). */
export type DraftProblem = 'url' | 'times' | 'order' | 'gap' | 'overlap';

export interface DraftCheck {
  /** Parsed instants of each draft that has valid times. */
  ranges: Map<string, { startsAt: string; endsAt: string }>;
  /** Problems per draft id. `gap` is a warning (the time was moved), the others block saving. */
  problems: Map<string, DraftProblem>;
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
  const problems = new Map<string, DraftProblem>();
  for (const d of drafts) {
    if (d.deleted) continue;
    const start = fromZonedInput(d.start, timeZone);
    const end = fromZonedInput(d.end, timeZone);
    if (!/^https?:\/\/[^/\s]+/.test(d.url)) problems.set(d.id, 'url');
    if (!start || !end) {
      problems.set(d.id, 'times');
      continue;
    }
    if (Date.parse(start.iso) >= Date.parse(end.iso)) {
      problems.set(d.id, 'order');
      continue;
    }
    if (start.dst === 'GAP' || end.dst === 'GAP') {
      problems.set(d.id, 'gap');
    }
    ranges.set(d.id, { startsAt: start.iso, endsAt: end.iso });
  }
  const pair = findWindowOverlap(
    [...ranges].map(([id, r]) => ({ id, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })),
  );
  const overlap = pair ? ([pair[0].id, pair[1].id] as const) : null;
  if (overlap) {
    problems.set(overlap[0], 'overlap');
    problems.set(overlap[1], 'overlap');
  }
  return { ranges, problems, overlap };
}

type WindowFields = { kind: WindowKind; url: string; startsAt: string; endsAt: string };

/** The editor's drafts as one save: the windows to write (new or changed, whole) and the ones to remove. */
export interface WindowSave {
  put: Array<WindowFields & { windowId: string }>;
  remove: string[];
}

/**
 * What saving the drafts changes, as one `windows.save` (the event's windows are checked as a set, so a
 * boundary moved between two windows never overlaps on the way). A saved window is unchanged while its
 * fields read as they were shown: a time saved with seconds (the demo's) is not a change until edited.
 */
export function changesFor(
  saved: readonly SavedWindow[],
  drafts: readonly WindowDraft[],
  ranges: DraftCheck['ranges'],
  timeZone: string,
): WindowSave {
  const byId = new Map(saved.map((w) => [w.id, w]));
  const save: WindowSave = { put: [], remove: [] };
  for (const d of drafts) {
    const before = byId.get(d.id);
    if (d.deleted) {
      if (before) save.remove.push(d.id);
      continue;
    }
    const range = ranges.get(d.id);
    if (!range) continue;
    const unchanged =
      before &&
      before.kind === d.kind &&
      before.url === d.url &&
      toZonedInput(before.startsAt, timeZone) === d.start &&
      toZonedInput(before.endsAt, timeZone) === d.end;
    if (!unchanged) save.put.push({ windowId: d.id, kind: d.kind, url: d.url, ...range });
  }
  return save;
}

export const changeCount = (save: WindowSave) => save.put.length + save.remove.length;
