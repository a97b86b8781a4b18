import { parseLocalDateTime, zonedToInstant } from '@sparkmotion/shared/time/zoned';

/** Modes in the order the chart stacks its legend; anything else the cloud reports follows. */
export const MODE_ORDER = ['PRE', 'LIVE', 'POST', 'FALLBACK'];

/**
 * The cloud's `tapsOverTime` rows (wall-clock buckets in the event's zone, one row per bucket and mode)
 * as uPlot's columns: x in epoch seconds, one series per mode, zeros where a mode had no tap.
 */
export function toChartColumns(
  rows: ReadonlyArray<{ bucket: string; mode: string; taps: number }>,
  timeZone: string,
): { x: number[]; modes: string[]; series: number[][] } {
  const seconds = (bucket: string) => {
    const local = parseLocalDateTime(bucket);
    return local ? zonedToInstant(local, timeZone).instant.getTime() / 1000 : Number.NaN;
  };
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const present = new Set(rows.map((r) => r.mode));
  const modes = [
    ...MODE_ORDER.filter((m) => present.has(m)),
    ...[...present].filter((m) => !MODE_ORDER.includes(m)).sort(),
  ];
  const index = new Map(buckets.map((b, i) => [b, i]));
  const series = modes.map(() => buckets.map(() => 0));
  for (const row of rows) {
    const column = series[modes.indexOf(row.mode)];
    const i = index.get(row.bucket);
    if (column && i !== undefined) column[i] = row.taps;
  }
  return { x: buckets.map(seconds), modes, series };
}

/**
 * The time axis (epoch seconds): the event's windows, widened to any tap outside them, so the axis shows
 * the event whatever its taps; an event without windows gets its taps and at least a dozen buckets.
 */
export function timeAxisRange(
  taps: { min: number; max: number },
  stepSeconds: number,
  windows: ReadonlyArray<{ startsAt: string | Date; endsAt: string | Date }>,
): [number, number] {
  const seconds = (d: string | Date) => new Date(d).getTime() / 1000;
  if (windows.length > 0) {
    const from = Math.min(...windows.map((w) => seconds(w.startsAt)));
    const to = Math.max(...windows.map((w) => seconds(w.endsAt)));
    return [
      Math.min(from, Number.isFinite(taps.min) ? taps.min : from),
      Math.max(to, Number.isFinite(taps.max) ? taps.max + stepSeconds : to),
    ];
  }
  return [Math.min(taps.min, taps.max - stepSeconds * 12), taps.max + stepSeconds];
}
