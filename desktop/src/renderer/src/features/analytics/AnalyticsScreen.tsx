import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useConsole } from '../../store/index.ts';
import { errorCodeOf, errorMessageOf, useTRPC } from '../../trpc.ts';
import { EventPicker } from '../EventPicker.tsx';
import { Breakdowns } from './Breakdowns.tsx';
import { TapExport } from './TapExport.tsx';
import { TapsChart } from './TapsChart.tsx';
import { TrustPanel } from './TrustPanel.tsx';

const buckets = ['minute', 'hour', 'day'] as const;

/**
 * Taps of one event, from the cloud: totals, unique bands, a live counter, the chart by mode over the
 * event's windows, per window, breakdowns, and the raw taps as CSV.
 */
export function AnalyticsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const trpc = useTRPC();
  const eventId = useConsole((s) => s.eventId);
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  const windows = useQuery({ ...trpc.store.windows.queryOptions({ eventId: eventId ?? '' }), enabled: !!eventId });
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
  const bucketLabels = { minute: t('analytics.perMinute'), hour: t('analytics.perHour'), day: t('analytics.perDay') };

  return (
    <div className="stack">
      <div className="row">
        <EventPicker />
        <span className="grow" />
        {event && <span className="muted">{t('analytics.timesIn', { zone: event.timezone })}</span>}
      </div>
      {failure && (
        <div className="alert warn" role="alert">
          {errorCodeOf(failure) === 'UNAVAILABLE' ? t('analytics.offline') : errorMessageOf(failure)}
        </div>
      )}
      <div className="grid3" style={{ gridTemplateColumns: 'repeat(4, 1fr)' }}>
        <div className="card stat">
          <span className="label">{t('analytics.taps')}</span>
          <span className="value" data-testid="analytics-taps">
            {summary.data ? format.number(summary.data.taps) : '—'}
          </span>
        </div>
        <div className="card stat">
          <span className="label">{t('analytics.uniqueBands')}</span>
          <span className="value" data-testid="analytics-unique">
            {summary.data ? format.number(summary.data.uniqueBands) : '—'}
          </span>
        </div>
        <div className="card stat">
          <span className="label">
            <span className="live-dot" aria-hidden="true" />
            {t('analytics.lastQuarter')}
          </span>
          <span className="value">{live.data ? format.number(lastQuarter) : '—'}</span>
        </div>
        <div className="card stat">
          <span className="label">{t('analytics.byMode')}</span>
          <span className="row" style={{ gap: 6, marginTop: 6 }}>
            {Object.entries(summary.data?.byMode ?? {}).map(([mode, taps]) => (
              <span key={mode} className={`pill ${mode}`}>
                {mode} {format.number(taps)}
              </span>
            ))}
            {summary.data && Object.keys(summary.data.byMode).length === 0 && (
              <span className="muted">{t('analytics.noTapsYet')}</span>
            )}
          </span>
        </div>
      </div>
      <div className="card">
        <div className="row">
          <h2 className="grow">{t('analytics.overTime')}</h2>
          <fieldset className="segmented" aria-label={t('analytics.bucket')}>
            {buckets.map((b) => (
              <button
                key={b}
                type="button"
                aria-pressed={bucket === b}
                className={bucket === b ? 'on' : ''}
                onClick={() => setBucket(b)}
              >
                {bucketLabels[b]}
              </button>
            ))}
          </fieldset>
        </div>
        {overTime.data && event ? (
          overTime.data.series.length ? (
            <TapsChart
              rows={overTime.data.series}
              timeZone={event.timezone}
              bucket={bucket}
              windows={windows.data ?? []}
            />
          ) : (
            <div className="empty">{t('analytics.emptyChart')}</div>
          )
        ) : null}
      </div>
      {enabled && <TrustPanel scope={scope} />}
      <div className="card table-card">
        <table>
          <thead>
            <tr>
              <th>{t('analytics.window')}</th>
              <th>{t('analytics.redirectUrl')}</th>
              <th>{t('analytics.taps')}</th>
              <th>{t('analytics.uniqueBands')}</th>
            </tr>
          </thead>
          <tbody>
            {perWindow.data?.map((w) => (
              <tr key={w.windowId}>
                <td>
                  <span className={`pill ${w.kind}`}>{w.kind}</span>
                </td>
                <td className="mono">{w.url}</td>
                <td>{format.number(w.taps)}</td>
                <td>{format.number(w.uniqueBands)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Breakdowns scope={scope} enabled={enabled} />
      {event && <TapExport scope={scope} />}
    </div>
  );
}
