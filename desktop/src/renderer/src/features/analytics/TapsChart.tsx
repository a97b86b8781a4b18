import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeAxisRange, toChartColumns } from './chart-data.ts';

const colors: Record<string, string> = { PRE: '#3b82f6', LIVE: '#12a150', POST: '#8b5cf6', FALLBACK: '#c77700' };

const bucketSeconds = { minute: 60, hour: 3_600, day: 86_400 } as const;

/** Taps over time, one line per mode, time axis in the event's zone, spanning the event's windows. */
export function TapsChart(props: {
  rows: Array<{ bucket: string; mode: string; taps: number }>;
  timeZone: string;
  bucket: keyof typeof bucketSeconds;
  windows: ReadonlyArray<{ startsAt: string | Date; endsAt: string | Date }>;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { x, modes, series } = toChartColumns(props.rows, props.timeZone);
    const step = bucketSeconds[props.bucket];
    const chart = new uPlot(
      {
        width: el.clientWidth,
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), props.timeZone),
        scales: {
          // From the data itself: for a single point uPlot widens the scale by 86,400 / ms, which with times
          // in seconds is 86,400,000 s (a lone tap drew an axis across three years).
          x: { time: true, range: () => timeAxisRange({ min: x[0]!, max: x.at(-1)! }, step, props.windows) },
          y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
        },
        axes: [
          { stroke: '#5c6982', grid: { stroke: '#eef1f6' } },
          { stroke: '#5c6982', grid: { stroke: '#eef1f6' } },
        ],
        series: [
          {},
          ...modes.map((mode) => ({
            label: mode,
            stroke: colors[mode] ?? '#94a3b8',
            fill: `${colors[mode] ?? '#94a3b8'}22`,
            width: 2,
            points: { show: true, size: 6 },
          })),
        ],
      },
      [x, ...series],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 280 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.rows, props.timeZone, props.bucket, props.windows]);
  return <div ref={box} className="chart" data-testid="taps-chart" />;
}
