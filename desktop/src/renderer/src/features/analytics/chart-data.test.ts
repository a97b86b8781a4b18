import { describe, expect, test } from 'vitest';
import { toChartColumns } from './chart-data.ts';

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
