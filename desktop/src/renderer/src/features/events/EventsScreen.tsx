import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { FieldError, FormAlert, fieldProps, TextField } from '../FormErrors.tsx';
import { matchesSearch } from '../matches-search.ts';
import { SearchBox } from '../SearchBox.tsx';
import { DeleteEvent } from './DeleteEvent.tsx';
import { TimeZoneInput } from './TimeZoneInput.tsx';

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Organizations and their events, read from the local store (works offline); creating an event needs the cloud. */
export function EventsScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgs = useQuery(trpc.store.organizations.queryOptions());
  const orgId = useConsole((s) => s.orgId);
  const selectOrg = useConsole((s) => s.selectOrg);
  const openEvent = useConsole((s) => s.openEvent);
  const firstOrg = orgs.data?.[0]?.id ?? null;
  useEffect(() => {
    if (!orgId && firstOrg) selectOrg(firstOrg);
  }, [orgId, firstOrg, selectOrg]);
  const events = useQuery({ ...trpc.store.events.queryOptions({ orgId: orgId ?? undefined }), enabled: !!orgId });
  const [search, setSearch] = useState('');
  const shown = events.data?.filter((e) => matchesSearch(search, [e.name, e.timezone, e.fallbackUrl]));

  if (orgs.data && orgs.data.length === 0) {
    return <div className="card empty">{t('events.noOrg')}</div>;
  }
  const role = orgs.data?.find((o) => o.id === orgId)?.role;

  return (
    <div className="stack">
      <div className="row">
        <label className="row" style={{ flexDirection: 'row', alignItems: 'center' }}>
          {t('events.organization')}
          <select
            value={orgId ?? ''}
            onChange={(e) => selectOrg(e.target.value || null)}
            style={{ width: 260 }}
            aria-label={t('events.organization')}
          >
            {orgs.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {role && <span className="pill">{role}</span>}
        <span className="grow" />
        <SearchBox list="events" value={search} onChange={setSearch} />
      </div>
      <div className="grid2" style={{ gridTemplateColumns: '2fr 1fr', alignItems: 'start' }}>
        <div className="card table-card">
          {shown?.length ? (
            shown.map((event) => (
              <div key={event.id} className="list-item">
                <button type="button" className="list-item-open" onClick={() => openEvent(event.id)}>
                  <span className="grow">
                    <strong>{event.name}</strong>
                    <br />
                    <small className="muted">
                      {event.timezone} · {event.fallbackUrl}
                    </small>
                  </span>
                  {event.overrideMode && (
                    <span className={`pill ${event.overrideMode}`}>
                      {t('events.forced', { mode: event.overrideMode })}
                    </span>
                  )}
                  <span className="muted" aria-hidden="true">
                    ›
                  </span>
                </button>
                {orgId && role && role !== 'VIEWER' && <DeleteEvent orgId={orgId} event={event} />}
              </div>
            ))
          ) : (
            <div className="empty">
              {events.data?.length ? t('listSearch.noMatch', { query: search }) : t('events.none')}
            </div>
          )}
        </div>
        {orgId && <NewEventForm orgId={orgId} />}
      </div>
    </div>
  );
}

function NewEventForm({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
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
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t('events.newTitle')}</h2>
      <TextField
        label={t('events.name')}
        name="eventName"
        field="name"
        value={name}
        onChange={setName}
        error={create.error}
      />
      <label htmlFor="new-event-timezone">
        {t('events.timezone')}
        <TimeZoneInput
          id="new-event-timezone"
          value={timezone}
          onChange={setTimezone}
          {...fieldProps(create.error, 'timezone')}
        />
        <FieldError error={create.error} field="timezone" />
      </label>
      <TextField
        label={t('events.fallbackUrl')}
        name="fallbackUrl"
        value={fallbackUrl}
        onChange={setFallbackUrl}
        error={create.error}
      />
      <small className="muted">{t('events.needsCloud')}</small>
      <FormAlert error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('events.create')}
      </button>
    </form>
  );
}
