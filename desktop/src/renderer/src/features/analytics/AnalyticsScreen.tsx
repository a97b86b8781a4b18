import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useConsole } from '../../store/index.ts';
import { errorCodeOf, errorMessageOf, useTRPC } from '../../trpc.ts';
import { EventPicker } from '../EventPicker.tsx';
import { TapsChart } from './TapsChart.tsx';
import { TrustPanel } from './TrustPanel.tsx';

const buckets = ['minute', 'hour', 'day'] as const;

/** Taps of one event, from the cloud: totals, unique bands, a live counter, the chart by mode, per window. */
export function AnalyticsScreen() {
  const trpc = useTRPC();
  const eventId = useConsole((s) => s.eventId);
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  const [bucket, setBucket] = useState<(typeof buckets)[number]>('hour');
  const scope = { orgId: event?.orgId ?? '', eventId: event?.id ?? '' };
  const enabled = !!event;
  const summary = useQuery({ ...trpc.cloud.analytics.summary.queryOptions(scope), enabled, refetchInterval: 5_000 });
  const live = useQuery({ ...trpc.cloud.analytics.live.queryOptions(scope), enabled, refetchInterval: 5_000 });
  const overTime = useQuery({
    ...trpc.cloud.analytics.tapsOverTime.queryOptions({ ...scope, bucket }),
    enabled,
    refetchInterval: 15_000,
  });
  const perWindow = useQuery({
    ...trpc.cloud.analytics.perWindow.queryOptions(scope),
    enabled,
    refetchInterval: 15_000,
  });

  const failure = summary.error ?? overTime.error;
  const lastQuarter = (live.data?.minutes ?? []).reduce(
    (sum, m) => sum + Object.entries(m.counts).reduce((n, [k, v]) => (k === 'bot' || k === 'limited' ? n : n + v), 0),
    0,
  );

  return (
    <div className="stack">
      <div className="row">
        <EventPicker />
        <span className="grow" />
        {event && <span className="muted">Times in {event.timezone}</span>}
      </div>
      {failure && (
        <div className="alert warn" role="alert">
          {errorCodeOf(failure) === 'UNAVAILABLE'
            ? 'Analytics come from the cloud, which cannot be reached right now. Encoding and editing keep working offline.'
            : errorMessageOf(failure)}
        </div>
      )}
      <div className="grid3" style={{ gridTemplateColumns: 'repeat(4, 1fr)' }}>
        <div className="card stat">
          <span className="label">Taps</span>
          <span className="value" data-testid="analytics-taps">
            {summary.data?.taps ?? '—'}
          </span>
        </div>
        <div className="card stat">
          <span className="label">Unique bands</span>
          <span className="value" data-testid="analytics-unique">
            {summary.data?.uniqueBands ?? '—'}
          </span>
        </div>
        <div className="card stat">
          <span className="label">
            <span className="live-dot" aria-hidden="true" />
            Last 15 minutes
          </span>
          <span className="value">{live.data ? lastQuarter : '—'}</span>
        </div>
        <div className="card stat">
          <span className="label">By mode</span>
          <span className="row" style={{ gap: 6, marginTop: 6 }}>
            {Object.entries(summary.data?.byMode ?? {}).map(([mode, taps]) => (
              <span key={mode} className={`pill ${mode}`}>
                {mode} {taps}
              </span>
            ))}
            {summary.data && Object.keys(summary.data.byMode).length === 0 && (
              <span className="muted">no taps yet</span>
            )}
          </span>
        </div>
      </div>
      <div className="card">
        <div className="row">
          <h2 className="grow">Taps over time</h2>
          <fieldset className="segmented" aria-label="Bucket">
            {buckets.map((b) => (
              <button
                key={b}
                type="button"
                aria-pressed={bucket === b}
                className={bucket === b ? 'on' : ''}
                onClick={() => setBucket(b)}
              >
                per {b}
              </button>
            ))}
          </fieldset>
        </div>
        {overTime.data && event ? (
          overTime.data.series.length ? (
            <TapsChart rows={overTime.data.series} timeZone={event.timezone} bucket={bucket} />
          ) : (
            <div className="empty">No tap yet. Taps show here within seconds.</div>
          )
        ) : null}
      </div>
      {enabled && <TrustPanel scope={scope} />}
      <div className="card table-card">
        <table>
          <thead>
            <tr>
              <th>Window</th>
              <th>Redirect URL</th>
              <th>Taps</th>
              <th>Unique bands</th>
            </tr>
          </thead>
          <tbody>
            {perWindow.data?.map((w) => (
              <tr key={w.windowId}>
                <td>
                  <span className={`pill ${w.kind}`}>{w.kind}</span>
                </td>
                <td className="mono">{w.url}</td>
                <td>{w.taps}</td>
                <td>{w.uniqueBands}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
