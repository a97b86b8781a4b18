import { describe, expect, test } from 'vitest';
import { timeAxisRange, toChartColumns } from './chart-data.ts';

describe('toChartColumns', () => {
  test('turns rows per bucket and mode into one series per mode, in mode order, zero-filled', () => {
    const columns = toChartColumns(
      [
        { bucket: '2026-06-13T18:00:00', mode: 'LIVE', taps: 5 },
        { bucket: '2026-06-13T17:00:00', mode: 'PRE', taps: 2 },
        { bucket: '2026-06-13T18:00:00', mode: 'NO_EVENT', taps: 1 },
      ],
      'Europe/Paris',
    );
    expect(columns.x).toEqual([Date.parse('2026-06-13T15:00:00Z') / 1000, Date.parse('2026-06-13T16:00:00Z') / 1000]);
    expect(columns.modes).toEqual(['PRE', 'LIVE', 'NO_EVENT']);
    expect(columns.series).toEqual([
      [2, 0],
      [0, 5],
      [0, 1],
    ]);
  });

  test('gives empty columns for an event without taps', () => {
    expect(toChartColumns([], 'UTC')).toEqual({ x: [], modes: [], series: [] });
  });
});

describe('timeAxisRange', () => {
  const windows = [
    { startsAt: '2026-06-13T10:00:00Z', endsAt: '2026-06-13T18:00:00Z' },
    { startsAt: '2026-06-13T18:00:00Z', endsAt: '2026-06-14T02:00:00Z' },
  ];
  const s = (iso: string) => Date.parse(iso) / 1000;

  test('spans the event’s windows when its one tap is inside them', () => {
    const tap = s('2026-06-13T12:00:00Z');
    expect(timeAxisRange({ min: tap, max: tap }, 3600, windows)).toEqual([
      s('2026-06-13T10:00:00Z'),
      s('2026-06-14T02:00:00Z'),
    ]);
  });

  test('widens to taps before the first window or after the last', () => {
    const early = s('2026-06-13T08:00:00Z');
    const late = s('2026-06-14T05:00:00Z');
    expect(timeAxisRange({ min: early, max: late }, 3600, windows)).toEqual([early, late + 3600]);
  });

  test('without windows, shows at least a dozen buckets up to the last tap', () => {
    const tap = s('2026-06-13T12:00:00Z');
    expect(timeAxisRange({ min: tap, max: tap }, 60, [])).toEqual([tap - 720, tap + 60]);
  });
});
