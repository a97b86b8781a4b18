import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useConsole } from '../../store/index.ts';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Organizations and their events, read from the local store (works offline); creating an event needs the cloud. */
export function EventsScreen() {
  const trpc = useTRPC();
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const orgId = useConsole((s) => s.orgId);
  const selectOrg = useConsole((s) => s.selectOrg);
  const openEvent = useConsole((s) => s.openEvent);
  const firstOrg = orgs.data?.[0]?.id ?? null;
  useEffect(() => {
    if (!orgId && firstOrg) selectOrg(firstOrg);
  }, [orgId, firstOrg, selectOrg]);
  const events = useQuery({ ...trpc.store.events.queryOptions({ orgId: orgId ?? undefined }), enabled: !!orgId });

  if (orgs.data && orgs.data.length === 0) {
    return (
      <div className="card empty">
        No organization yet. Once the first sync has run, your organizations appear here.
      </div>
    );
  }
  const role = orgs.data?.find((o) => o.id === orgId)?.role;

  return (
    <div className="stack">
      <div className="row">
        <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
          Organization
          <select
            value={orgId ?? ''}
            onChange={(e) => selectOrg(e.target.value || null)}
            style={{ width: 260 }}
            aria-label="Organization"
          >
            {orgs.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {role && <span className="pill">{role}</span>}
      </div>
      <div className="grid2" style={{ gridTemplateColumns: '2fr 1fr', alignItems: 'start' }}>
        <div className="card table-card">
          {events.data?.length ? (
            events.data.map((event) => (
              <button key={event.id} type="button" className="list-item clickable" onClick={() => openEvent(event.id)}>
                <span className="grow">
                  <strong>{event.name}</strong>
                  <br />
                  <small className="muted">
                    {event.timezone} · {event.fallbackUrl}
                  </small>
                </span>
                {event.overrideMode && (
                  <span className={`pill ${event.overrideMode}`}>forced {event.overrideMode}</span>
                )}
                <span className="muted">›</span>
              </button>
            ))
          ) : (
            <div className="empty">No events in this organization yet.</div>
          )}
        </div>
        {orgId && <NewEventForm orgId={orgId} />}
      </div>
    </div>
  );
}

function NewEventForm({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const openEvent = useConsole((s) => s.openEvent);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(localZone);
  const [fallbackUrl, setFallbackUrl] = useState('https://');
  const create = useMutation(trpc.cloud.createEvent.mutationOptions({ onSuccess: (event) => openEvent(event.id) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ orgId, name, timezone, fallbackUrl });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>New event</h2>
      <label>
        Name
        <input name="eventName" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Time zone
        <input name="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} required />
      </label>
      <label>
        Fallback URL
        <input name="fallbackUrl" value={fallbackUrl} onChange={(e) => setFallbackUrl(e.target.value)} required />
      </label>
      <small className="muted">Creating an event needs the cloud; windows and bands can then be edited offline.</small>
      {create.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(create.error)}
        </div>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        Create event
      </button>
    </form>
  );
}
