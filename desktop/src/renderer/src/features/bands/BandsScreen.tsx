import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { useProofLabel } from '../analytics/TrustPanel.tsx';
import { EventPicker } from '../EventPicker.tsx';
import { SearchBox } from '../SearchBox.tsx';
import { AttendeePanel } from './AttendeePanel.tsx';
import { BandActions } from './BandActions.tsx';
import { ImportPanel } from './ImportPanel.tsx';

const statuses = ['ALL', 'ACTIVE', 'DISABLED', 'LOST'] as const;
const tone: Record<string, string> = { ACTIVE: 'ok', DISABLED: 'warn', LOST: 'bad' };
const PAGE = 100;

/**
 * The event's bands from the local store, a page at a time: search by band id, UID, station or attendee and
 * filter by status over every band of the event (the store does it), link attendees, export all that match.
 */
export function BandsScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const proofLabel = useProofLabel();
  const queryClient = useQueryClient();
  const eventId = useConsole((s) => s.eventId);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<(typeof statuses)[number]>('ALL');
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState('');
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  const orgId = event?.orgId;
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const org = orgs.data?.find((o) => o.id === orgId);
  // What this desk holds of attendees (the organization's rule, capped by the role; none from an older cloud).
  const attendeesHeld = org?.attendees ?? 'NONE';
  const canLink = attendeesHeld !== 'NONE' && org?.role !== 'VIEWER';
  const [linking, setLinking] = useState<string | null>(null);
  const filter = {
    eventId: eventId ?? '',
    search: useDeferredValue(search.trim()) || undefined,
    status: status === 'ALL' ? undefined : status,
  };
  // Another event, search or status starts again at the first page.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({ filterKey, page: 0 });
  if (paging.filterKey !== filterKey) setPaging({ filterKey, page: 0 });
  const page = paging.filterKey === filterKey ? paging.page : 0;
  const goTo = (next: number) => setPaging({ filterKey, page: next });
  const bands = useQuery({
    ...trpc.store.bands.queryOptions({ ...filter, limit: PAGE, offset: page * PAGE }),
    enabled: !!eventId,
    placeholderData: keepPreviousData,
  });
  const shown = bands.data?.bands ?? [];
  const total = bands.data?.total ?? 0;
  // Fewer bands than before (another desk's reassignments synced): back to the last page there is.
  const lastPage = Math.max(0, Math.ceil(total / PAGE) - 1);
  if (bands.data && !bands.isPlaceholderData && page > lastPage) goTo(lastPage);

  const exportCsv = async () => {
    try {
      // Written by the desk's main process, every band that matches in one file (docs/csv.md).
      const { filename, csv } = await queryClient.fetchQuery(trpc.bandCsv.export.queryOptions(filter));
      const blob = new Blob([csv], { type: 'text/csv' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setFailure(t('bands.exportFailed', { error: (error as Error).message }));
    }
  };

  return (
    <div className="stack">
      <div className="row">
        <EventPicker />
        <SearchBox list="bands" value={search} maxLength={64} onChange={setSearch} />
        <fieldset className="segmented" aria-label={t('bands.filter')}>
          {statuses.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              className={status === s ? 'on' : ''}
              onClick={() => setStatus(s)}
            >
              {t(`bands.status.${s}`)}
            </button>
          ))}
        </fieldset>
        <span className="grow" />
        <span className="muted" data-testid="band-total">
          {bands.data &&
            (shown.length
              ? t(total < bands.data.inEvent ? 'bands.rangeNarrowed' : 'bands.range', {
                  from: format.number(page * PAGE + 1),
                  to: format.number(page * PAGE + shown.length),
                  total: format.number(total),
                  inEvent: format.number(bands.data.inEvent),
                })
              : t(total < bands.data.inEvent ? 'bands.countNarrowed' : 'bands.count', {
                  total: format.number(total),
                  inEvent: format.number(bands.data.inEvent),
                }))}
        </span>
        <button type="button" onClick={() => setImporting(true)} disabled={!orgId}>
          {t('bands.import')}
        </button>
        <button type="button" onClick={exportCsv} disabled={!total}>
          {t('bands.export')}
        </button>
      </div>
      {importing && orgId && eventId && (
        <ImportPanel orgId={orgId} eventId={eventId} onClose={() => setImporting(false)} />
      )}
      {attendeesHeld === 'NONE' && org && <small className="muted">{t('attendees.notShared')}</small>}
      {linking && (
        <AttendeePanel
          key={linking}
          bandId={linking}
          saved={shown.find((b) => b.bandId === linking)?.attendee ?? null}
          emailShown={attendeesHeld === 'FULL'}
          onClose={() => setLinking(null)}
          onDone={setNotice}
        />
      )}
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}
      {failure && (
        <div className="alert error" role="alert">
          {failure}
        </div>
      )}
      <div className="card table-card">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('bands.bandId')}</th>
              <th scope="col">{t('bands.tagUid')}</th>
              {attendeesHeld !== 'NONE' && <th scope="col">{t('attendees.column')}</th>}
              <th scope="col">{t('bands.statusCol')}</th>
              <th scope="col">{t('bands.station')}</th>
              <th scope="col">{t('bands.proof')}</th>
              <th scope="col">{t('bands.registered')}</th>
              <th scope="col">
                <span className="sr-only">{t('team.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((b) => (
              <tr key={b.bandId} data-testid="band-row">
                <td className="mono">{b.bandId}</td>
                <td className="mono">{b.uid ?? '—'}</td>
                {attendeesHeld !== 'NONE' && (
                  <td data-testid="band-attendee">
                    {b.attendee ? (
                      <>
                        {b.attendee.name}
                        {b.attendee.ticketCode && (
                          <small className="muted attendee-detail">
                            {t('attendees.ticket', { ticketCode: b.attendee.ticketCode })}
                          </small>
                        )}
                        {b.attendee.email && <small className="muted attendee-detail">{b.attendee.email}</small>}
                      </>
                    ) : (
                      t('attendees.none')
                    )}
                  </td>
                )}
                <td>
                  <span className={`pill ${tone[b.status] ?? ''}`}>{t(`bands.status.${b.status}`)}</span>
                  {/* A replaced band leads to its replacement: the one the attendee wears now. */}
                  {b.replacedBy && (
                    <>
                      {' '}
                      <small className="muted">{t('replace.replacedBy')}</small>{' '}
                      <button
                        type="button"
                        className="link mono"
                        aria-label={t('replace.showReplacement', { bandId: b.replacedBy })}
                        data-testid="band-replaced-by"
                        onClick={() => {
                          setSearch(b.replacedBy!);
                          setStatus('ALL');
                        }}
                      >
                        {b.replacedBy}
                      </button>
                    </>
                  )}
                </td>
                <td>{b.stationId ?? '—'}</td>
                <td data-testid="band-proof">{proofLabel(b.trust)}</td>
                <td data-testid="band-registered">
                  {b.registeredAt ? format.dateTime(b.registeredAt, event?.timezone) : '—'}
                </td>
                <td>
                  {/* Rows of the previous event or filter, shown while the new ones load, take no action. */}
                  {orgId && !bands.isPlaceholderData && (
                    <span className="row-actions">
                      {canLink && (
                        <button
                          type="button"
                          className="small"
                          aria-label={t('attendees.editFor', { bandId: b.bandId })}
                          onClick={() => setLinking(b.bandId)}
                        >
                          {t('attendees.edit')}
                        </button>
                      )}
                      <BandActions
                        orgId={orgId}
                        bandId={b.bandId}
                        status={b.status}
                        replacedBy={b.replacedBy}
                        onDone={setNotice}
                      />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {bands.data && shown.length === 0 && <div className="empty">{t('bands.none')}</div>}
        {total > PAGE && (
          <div className="row">
            <button type="button" onClick={() => goTo(page - 1)} disabled={page === 0}>
              {t('bands.previous')}
            </button>
            <span className="muted">{t('bands.page', { page: page + 1, pages: Math.ceil(total / PAGE) })}</span>
            <button type="button" onClick={() => goTo(page + 1)} disabled={(page + 1) * PAGE >= total}>
              {t('bands.next')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
