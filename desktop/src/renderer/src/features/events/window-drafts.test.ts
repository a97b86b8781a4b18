import { describe, expect, test } from 'vitest';
import { changesFor, checkDrafts, draftsFrom, type SavedWindow, type WindowDraft } from './window-drafts.ts';

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
    expect(check.problems.get('w-live')).toBe('Overlaps another window');
  });

  test.each<[string, Partial<WindowDraft>, string]>([
    ['an end before the start', { end: '2026-06-13T17:00' }, 'The window must end after it starts'],
    ['a missing time', { start: '' }, 'Type a start and an end time'],
    ['a URL without a scheme', { url: 'live.test' }, 'The URL must start with http:// or https://'],
  ])('explains %s', (_name, change, problem) => {
    const drafts = draftsFrom(saved, tz).map((d) => (d.id === 'w-live' ? { ...d, ...change } : d));
    expect(checkDrafts(drafts, tz).problems.get('w-live')).toBe(problem);
  });

  test('saves deletes first, then only the fields that changed, then new windows', () => {
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
    expect(changesFor(saved, drafts, check.ranges)).toEqual([
      { op: 'delete', windowId: 'w-pre' },
      { op: 'update', windowId: 'w-live', patch: { url: 'https://live2.test', startsAt: '2026-06-13T15:00:00.000Z' } },
      {
        op: 'create',
        windowId: 'w-post',
        window: {
          kind: 'POST',
          url: 'https://post.test',
          startsAt: '2026-06-13T22:00:00.000Z',
          endsAt: '2026-06-19T22:00:00.000Z',
        },
      },
    ]);
  });
});
