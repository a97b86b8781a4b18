import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { EventPicker } from '../EventPicker.tsx';
import { BandActions } from './BandActions.tsx';
import { bandsToCsv } from './bands-csv.ts';
import { ImportPanel } from './ImportPanel.tsx';

const statuses = ['ALL', 'ACTIVE', 'DISABLED', 'LOST'] as const;
const tone: Record<string, string> = { ACTIVE: 'ok', DISABLED: 'warn', LOST: 'bad' };

/** The event's bands from the local store: search by band id, UID or station, filter by status, export. */
export function BandsScreen() {
  const trpc = useTRPC();
  const eventId = useConsole((s) => s.eventId);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<(typeof statuses)[number]>('ALL');
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState('');
  const events = useQuery(trpc.store.events.queryOptions({}));
  const orgId = events.data?.find((e) => e.id === eventId)?.orgId;
  const bands = useQuery({
    ...trpc.store.bands.queryOptions({ eventId: eventId ?? '', limit: 500 }),
    enabled: !!eventId,
  });
  const shown = useMemo(() => {
    const needle = search.trim().toUpperCase();
    return (bands.data?.bands ?? []).filter(
      (b) =>
        (status === 'ALL' || b.status === status) &&
        (!needle || [b.bandId, b.uid, b.stationId].some((v) => v?.toUpperCase().includes(needle))),
    );
  }, [bands.data, search, status]);

  const exportCsv = () => {
    const blob = new Blob([bandsToCsv(shown)], { type: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `bands-${eventId}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="stack">
      <div className="row">
        <EventPicker />
        <input
          type="search"
          placeholder="Search band id, UID or station"
          aria-label="Search bands"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 300 }}
        />
        <fieldset className="segmented" aria-label="Filter by status">
          {statuses.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              className={status === s ? 'on' : ''}
              onClick={() => setStatus(s)}
            >
              {s === 'ALL' ? 'All' : s.charAt(0) + s.slice(1).toLowerCase()}
            </button>
          ))}
        </fieldset>
        <span className="grow" />
        <span className="muted" data-testid="band-total">
          {bands.data ? `${shown.length} of ${bands.data.total} bands` : ''}
        </span>
        <button type="button" onClick={() => setImporting(true)} disabled={!orgId}>
          Import CSV
        </button>
        <button type="button" onClick={exportCsv} disabled={!shown.length}>
          Export CSV
        </button>
      </div>
      {importing && orgId && eventId && (
        <ImportPanel orgId={orgId} eventId={eventId} onClose={() => setImporting(false)} />
      )}
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}
      <div className="card table-card">
        <table>
          <thead>
            <tr>
              <th>Band id</th>
              <th>Tag UID</th>
              <th>Status</th>
              <th>Station</th>
              <th>Registered</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((b) => (
              <tr key={b.bandId} data-testid="band-row">
                <td className="mono">{b.bandId}</td>
                <td className="mono">{b.uid ?? '—'}</td>
                <td>
                  <span className={`pill ${tone[b.status] ?? ''}`}>{b.status}</span>
                </td>
                <td>{b.stationId ?? '—'}</td>
                <td>{b.registeredAt ? new Date(b.registeredAt).toLocaleString() : '—'}</td>
                <td>{orgId && <BandActions orgId={orgId} bandId={b.bandId} status={b.status} onDone={setNotice} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {bands.data && shown.length === 0 && <div className="empty">No band matches.</div>}
        {bands.data && bands.data.total > bands.data.bands.length && (
          <div className="empty">
            The newest {bands.data.bands.length} of {bands.data.total} bands are listed, and searched.
          </div>
        )}
      </div>
    </div>
  );
}
