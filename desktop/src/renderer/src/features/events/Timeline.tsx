import { type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import type { DraftCheck, WindowDraft } from './window-drafts.ts';
import { zonedLabel } from './zoned-input.ts';

const SNAP_MS = 15 * 60_000;

type Drag = { id: string; edge: 'move' | 'end'; x0: number; start: number; end: number; from: number; span: number };

/**
 * The event's windows on one line, in the event's zone; an overlap shows hatched in red before saving.
 * Drag a bar to move a window, its right edge to change its end (15-minute steps); typing the times in the
 * rows below does the same from the keyboard.
 */
export function Timeline(props: {
  drafts: WindowDraft[];
  check: DraftCheck;
  timeZone: string;
  now: number;
  onDrag: (id: string, startsAt: string, endsAt: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const bars = props.drafts
    .filter((d) => !d.deleted && props.check.ranges.has(d.id))
    .map((d) => {
      const r = props.check.ranges.get(d.id)!;
      return { draft: d, start: Date.parse(r.startsAt), end: Date.parse(r.endsAt) };
    });
  if (bars.length === 0) return <div className="timeline empty">{t('editor.timelineEmpty')}</div>;
  const min = Math.min(...bars.map((b) => b.start));
  const max = Math.max(...bars.map((b) => b.end));
  const pad = (max - min) * 0.04;
  // While dragging, the scale stays put: otherwise the bar would run away from the pointer.
  const from = drag?.from ?? min - pad;
  const span = drag?.span ?? max + pad - from;
  const x = (t: number) => `${((t - from) / span) * 100}%`;
  const overlapping = new Set(props.check.overlap ?? []);
  const ticks = [min, min + (max - min) / 2, max];

  const begin = (e: PointerEvent<HTMLElement>, bar: (typeof bars)[number], edge: Drag['edge']) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ id: bar.draft.id, edge, x0: e.clientX, start: bar.start, end: bar.end, from, span });
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag || !box.current) return;
    const msPerPx = drag.span / box.current.getBoundingClientRect().width;
    const delta = Math.round(((e.clientX - drag.x0) * msPerPx) / SNAP_MS) * SNAP_MS;
    const start = drag.edge === 'move' ? drag.start + delta : drag.start;
    const end = Math.max(drag.end + delta, start + SNAP_MS);
    props.onDrag(drag.id, new Date(start).toISOString(), new Date(end).toISOString());
  };

  return (
    <div
      className="timeline"
      data-testid="timeline"
      ref={box}
      onPointerMove={move}
      onPointerUp={() => setDrag(null)}
      onPointerCancel={() => setDrag(null)}
    >
      {bars.map((b) => (
        <div
          key={b.draft.id}
          className={`bar ${b.draft.kind}${overlapping.has(b.draft.id) ? ' overlap' : ''}`}
          style={{ left: x(b.start), width: `calc(${x(b.end)} - ${x(b.start)})` }}
          title={`${b.draft.kind}: ${zonedLabel(new Date(b.start).toISOString(), props.timeZone, format.locale)} → ${zonedLabel(new Date(b.end).toISOString(), props.timeZone, format.locale)}`}
          onPointerDown={(e) => begin(e, b, 'move')}
        >
          {b.draft.kind}
          <span className="bar-handle" aria-hidden="true" onPointerDown={(e) => begin(e, b, 'end')} />
        </div>
      ))}
      {props.now > from && props.now < from + span && (
        <div className="now" style={{ left: x(props.now) }} title={t('editor.now')} />
      )}
      {ticks.map((t, i) => (
        <span key={t} className={`tick ${['first', 'middle', 'last'][i]}`} style={{ left: x(t) }}>
          {zonedLabel(new Date(t).toISOString(), props.timeZone, format.locale)}
        </span>
      ))}
    </div>
  );
}
