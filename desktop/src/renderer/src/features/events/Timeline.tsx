import type { DraftCheck, WindowDraft } from './window-drafts.ts';
import { zonedLabel } from './zoned-input.ts';

/** The event's windows on one line, in the event's zone; an overlap shows hatched in red before saving. */
export function Timeline(props: { drafts: WindowDraft[]; check: DraftCheck; timeZone: string; now: number }) {
  const bars = props.drafts
    .filter((d) => !d.deleted && props.check.ranges.has(d.id))
    .map((d) => {
      const r = props.check.ranges.get(d.id)!;
      return { draft: d, start: Date.parse(r.startsAt), end: Date.parse(r.endsAt) };
    });
  if (bars.length === 0) return <div className="timeline empty">Add a window to see it on the timeline.</div>;
  const min = Math.min(...bars.map((b) => b.start));
  const max = Math.max(...bars.map((b) => b.end));
  const pad = (max - min) * 0.04;
  const from = min - pad;
  const span = max + pad - from;
  const x = (t: number) => `${((t - from) / span) * 100}%`;
  const overlapping = new Set(props.check.overlap ?? []);
  const ticks = [min, min + (max - min) / 2, max];
  return (
    <div className="timeline" data-testid="timeline">
      {bars.map((b) => (
        <div
          key={b.draft.id}
          className={`bar ${b.draft.kind}${overlapping.has(b.draft.id) ? ' overlap' : ''}`}
          style={{ left: x(b.start), width: `calc(${x(b.end)} - ${x(b.start)})` }}
          title={`${b.draft.kind}: ${zonedLabel(new Date(b.start).toISOString(), props.timeZone)} → ${zonedLabel(new Date(b.end).toISOString(), props.timeZone)}`}
        >
          {b.draft.kind}
        </div>
      ))}
      {props.now > from && props.now < from + span && (
        <div className="now" style={{ left: x(props.now) }} title="now" />
      )}
      {ticks.map((t, i) => (
        <span key={t} className={`tick ${['first', 'middle', 'last'][i]}`} style={{ left: x(t) }}>
          {zonedLabel(new Date(t).toISOString(), props.timeZone)}
        </span>
      ))}
    </div>
  );
}
