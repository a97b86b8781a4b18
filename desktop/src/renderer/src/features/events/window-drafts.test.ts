import { describe, expect, test } from 'vitest';
import {
  changeCount,
  changesFor,
  checkDrafts,
  draftsFrom,
  type SavedWindow,
  type WindowDraft,
} from './window-drafts.ts';

const tz = 'Europe/Paris';
const saved: SavedWindow[] = [
  {
    id: 'w-live',
    kind: 'LIVE',
    url: 'https://live.test',
    startsAt: '2026-06-13T16:00:00.000Z',
    endsAt: '2026-06-13T22:00:00.000Z',
  },
  {
    id: 'w-pre',
    kind: 'PRE',
    url: 'https://pre.test',
    startsAt: '2026-06-01T00:00:00.000Z',
    endsAt: '2026-06-13T16:00:00.000Z',
  },
];

describe('window drafts in the event editor', () => {
  test('lists saved windows in start order with times in the event zone', () => {
    const drafts = draftsFrom(saved, tz);
    expect(drafts.map((d) => [d.id, d.start])).toEqual([
      ['w-pre', '2026-06-01T02:00'],
      ['w-live', '2026-06-13T18:00'],
    ]);
  });

  test('finds no problem in windows that only touch', () => {
    expect(checkDrafts(draftsFrom(saved, tz), tz).overlap).toBeNull();
  });

  test('shows an overlap before anything is saved', () => {
    const drafts = draftsFrom(saved, tz).map((d) => (d.id === 'w-pre' ? { ...d, end: '2026-06-13T19:00' } : d));
    const check = checkDrafts(drafts, tz);
    expect(check.overlap).toEqual(['w-pre', 'w-live']);
    expect(check.problems.get('w-live')).toBe('overlap');
  });

  test.each<[string, Partial<WindowDraft>, string]>([
    ['an end before the start', { end: '2026-06-13T17:00' }, 'order'],
    ['a missing time', { start: '' }, 'times'],
    ['a URL without a scheme', { url: 'live.test' }, 'url'],
  ])('explains %s', (_name, change, problem) => {
    const drafts = draftsFrom(saved, tz).map((d) => (d.id === 'w-live' ? { ...d, ...change } : d));
    expect(checkDrafts(drafts, tz).problems.get('w-live')).toBe(problem);
  });

  test('saves every change as one: removed windows, changed ones whole, new ones', () => {
    const drafts: WindowDraft[] = [
      ...draftsFrom(saved, tz).map((d) =>
        d.id === 'w-pre' ? { ...d, deleted: true } : { ...d, start: '2026-06-13T17:00', url: 'https://live2.test' },
      ),
      {
        id: 'w-post',
        kind: 'POST',
        url: 'https://post.test',
        start: '2026-06-14T00:00',
        end: '2026-06-20T00:00',
        isNew: true,
        deleted: false,
      },
    ];
    const check = checkDrafts(drafts, tz);
    expect(changesFor(saved, drafts, check.ranges, tz)).toEqual({
      put: [
        {
          windowId: 'w-live',
          kind: 'LIVE',
          url: 'https://live2.test',
          startsAt: '2026-06-13T15:00:00.000Z',
          endsAt: '2026-06-13T22:00:00.000Z',
        },
        {
          windowId: 'w-post',
          kind: 'POST',
          url: 'https://post.test',
          startsAt: '2026-06-13T22:00:00.000Z',
          endsAt: '2026-06-19T22:00:00.000Z',
        },
      ],
      remove: ['w-pre'],
    });
  });

  test('a window saved with seconds (as the demo is) is no change until its shown minutes are edited', () => {
    const withSeconds = saved.map((w) => ({ ...w, startsAt: w.startsAt.replace(':00.000Z', ':37.412Z') }));
    const drafts = draftsFrom(withSeconds, tz);
    expect(changeCount(changesFor(withSeconds, drafts, checkDrafts(drafts, tz).ranges, tz))).toBe(0);
    const edited = drafts.map((d) => (d.id === 'w-live' ? { ...d, end: '2026-06-14T01:00' } : d));
    const save = changesFor(withSeconds, edited, checkDrafts(edited, tz).ranges, tz);
    expect(save.put.map((w) => w.windowId)).toEqual(['w-live']);
  });
});
