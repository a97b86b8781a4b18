import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useConsole } from '../../store/index.ts';
import { errorMessageOf, useTRPC, useTRPCClient } from '../../trpc.ts';
import { Timeline } from './Timeline.tsx';
import { changesFor, checkDrafts, draftsFrom, type WindowDraft, type WindowKind } from './window-drafts.ts';
import { toZonedInput } from './zoned-input.ts';

const kinds: WindowKind[] = ['PRE', 'LIVE', 'POST'];

/** One event: its settings, the override switch, and its windows on a timeline in the event's time zone. */
export function EventEditor() {
  const trpc = useTRPC();
  const eventId = useConsole((s) => s.eventId);
  const go = useConsole((s) => s.go);
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  if (!eventId || !event) {
    return (
      <div className="card empty">
        Pick an event first.{' '}
        <button type="button" onClick={() => go('events')}>
          Events
        </button>
      </div>
    );
  }
  return (
    <div className="stack">
      <EventSettings event={event} />
      <WindowsEditor eventId={event.id} timeZone={event.timezone} />
    </div>
  );
}

type EventView = { id: string; name: string; timezone: string; fallbackUrl: string; overrideMode?: string | null };

function EventSettings({ event }: { event: EventView }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.store.updateEvent.mutationOptions());
  const [name, setName] = useState(event.name);
  const [fallbackUrl, setFallbackUrl] = useState(event.fallbackUrl);
  useEffect(() => {
    setName(event.name);
    setFallbackUrl(event.fallbackUrl);
  }, [event.name, event.fallbackUrl]);
  const dirty = name !== event.name || fallbackUrl !== event.fallbackUrl;
  return (
    <div className="card">
      <div className="row">
        <h2 className="grow">{event.name}</h2>
        <span className="muted">Times in {event.timezone}</span>
      </div>
      <div className="grid2">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Fallback URL (when no window serves)
          <input name="fallbackUrl" value={fallbackUrl} onChange={(e) => setFallbackUrl(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <span>Mode</span>
        <fieldset className="segmented" aria-label="Mode override">
          {[null, ...kinds].map((mode) => (
            <button
              key={mode ?? 'auto'}
              type="button"
              aria-pressed={(event.overrideMode ?? null) === mode}
              className={(event.overrideMode ?? null) === mode ? 'on' : ''}
              onClick={() => update.mutate({ eventId: event.id, patch: { overrideMode: mode } })}
            >
              {mode ?? 'Auto (by clock)'}
            </button>
          ))}
        </fieldset>
        <small className="muted grow">
          {event.overrideMode
            ? `Every tap goes to the ${event.overrideMode} page until you switch back to Auto.`
            : 'The window that covers the current time serves.'}
        </small>
        <button
          type="button"
          className="primary"
          disabled={!dirty || update.isPending}
          onClick={() =>
            update.mutate({
              eventId: event.id,
              patch: {
                ...(name !== event.name && { name }),
                ...(fallbackUrl !== event.fallbackUrl && { fallbackUrl }),
              },
            })
          }
        >
          Save event
        </button>
      </div>
      {update.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(update.error)}
        </div>
      )}
    </div>
  );
}

function WindowsEditor({ eventId, timeZone }: { eventId: string; timeZone: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const windows = useQuery(trpc.store.windows.queryOptions({ eventId }));
  // Background syncs refetch the windows often: only a real change of the saved windows resets the rows,
  // and windows typed but not saved yet survive it.
  const savedKey = JSON.stringify(windows.data ?? []);
  const saved = useMemo(() => JSON.parse(savedKey) as NonNullable<typeof windows.data>, [savedKey]);
  const [drafts, setDrafts] = useState<WindowDraft[]>([]);
  useEffect(
    () =>
      setDrafts((previous) => [
        ...draftsFrom(saved, timeZone),
        ...previous.filter((d) => d.isNew && !saved.some((w) => w.id === d.id)),
      ]),
    [saved, timeZone],
  );
  const check = useMemo(() => checkDrafts(drafts, timeZone), [drafts, timeZone]);
  const changes = useMemo(() => changesFor(saved, drafts, check.ranges), [saved, drafts, check.ranges]);
  const blocking = [...check.problems.values()].some((p) => !p.includes('was moved'));

  const save = useMutation({
    mutationFn: async () => {
      for (const change of changes) {
        if (change.op === 'delete') await client.store.deleteWindow.mutate({ windowId: change.windowId });
        if (change.op === 'update')
          await client.store.updateWindow.mutate({ windowId: change.windowId, patch: change.patch });
        if (change.op === 'create')
          await client.store.createWindow.mutate({ windowId: change.windowId, eventId, ...change.window });
      }
    },
  });

  const edit = (id: string, patch: Partial<WindowDraft>) =>
    setDrafts((all) => all.map((d) => (d.id === id ? { ...d, ...patch } : d)));
  const add = () => {
    const live = drafts.filter((d) => !d.deleted);
    const last = live[live.length - 1];
    const kind: WindowKind = live.some((d) => d.kind === 'PRE')
      ? live.some((d) => d.kind === 'LIVE')
        ? 'POST'
        : 'LIVE'
      : 'PRE';
    setDrafts((all) => [
      ...all,
      { id: crypto.randomUUID(), kind, url: 'https://', start: last?.end ?? '', end: '', isNew: true, deleted: false },
    ]);
  };

  return (
    <div className="card">
      <div className="row">
        <h2 className="grow">Windows</h2>
        <button type="button" onClick={add}>
          + Add window
        </button>
      </div>
      <Timeline
        drafts={drafts}
        check={check}
        timeZone={timeZone}
        now={Date.now()}
        onDrag={(id, startsAt, endsAt) =>
          edit(id, { start: toZonedInput(startsAt, timeZone), end: toZonedInput(endsAt, timeZone) })
        }
      />
      {check.overlap && (
        <div className="alert error" role="alert" data-testid="overlap-warning">
          Two windows overlap: at any moment only one window may serve. Fix the times before saving.
        </div>
      )}
      <div className="window-row head">
        <span>Mode</span>
        <span>Redirect URL</span>
        <span>Starts ({timeZone})</span>
        <span>Ends ({timeZone})</span>
        <span />
      </div>
      {drafts
        .filter((d) => !d.deleted)
        .map((d, index) => {
          const problem = check.problems.get(d.id);
          return (
            <div key={d.id} className={problem && !problem.includes('was moved') ? 'window-row bad' : 'window-row'}>
              <select
                aria-label={`Window ${index + 1} mode`}
                value={d.kind}
                onChange={(e) => edit(d.id, { kind: e.target.value as WindowKind })}
              >
                {kinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
              <div>
                <input
                  aria-label={`Window ${index + 1} URL`}
                  value={d.url}
                  onChange={(e) => edit(d.id, { url: e.target.value })}
                />
                {problem && <div className="err">{problem}</div>}
              </div>
              <input
                aria-label={`Window ${index + 1} start`}
                type="datetime-local"
                value={d.start}
                onChange={(e) => edit(d.id, { start: e.target.value })}
              />
              <input
                aria-label={`Window ${index + 1} end`}
                type="datetime-local"
                value={d.end}
                onChange={(e) => edit(d.id, { end: e.target.value })}
              />
              <button
                type="button"
                className="icon-button danger"
                aria-label={`Remove window ${index + 1}`}
                onClick={() => edit(d.id, { deleted: true })}
              >
                ✕
              </button>
            </div>
          );
        })}
      {save.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(save.error)}
        </div>
      )}
      <div className="row end">
        <span className="muted">
          {changes.length ? `${changes.length} unsaved change${changes.length > 1 ? 's' : ''}` : 'All saved'}
        </span>
        <button type="button" onClick={() => setDrafts(draftsFrom(saved, timeZone))} disabled={!changes.length}>
          Discard
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => save.mutate()}
          disabled={!changes.length || blocking || save.isPending}
        >
          Save windows
        </button>
      </div>
    </div>
  );
}
