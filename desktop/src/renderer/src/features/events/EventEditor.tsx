import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert, TextField } from '../FormErrors.tsx';
import { Timeline } from './Timeline.tsx';
import {
  changeCount,
  changesFor,
  checkDrafts,
  draftsFrom,
  type WindowDraft,
  type WindowKind,
} from './window-drafts.ts';
import { toZonedInput } from './zoned-input.ts';

const kinds: WindowKind[] = ['PRE', 'LIVE', 'POST'];

/** One event: its settings, the override switch, and its windows on a timeline in the event's time zone. */
export function EventEditor() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const eventId = useConsole((s) => s.eventId);
  const go = useConsole((s) => s.go);
  const events = useQuery(trpc.store.events.queryOptions({}));
  const event = events.data?.find((e) => e.id === eventId);
  if (!eventId || !event) {
    return (
      <div className="card empty">
        {t('editor.pickFirst')}{' '}
        <button type="button" onClick={() => go('events')}>
          {t('app.nav.events')}
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

/** 52 weeks: next year's edition falls on the same weekdays. */
const NEXT_EDITION_MS = 52 * 7 * 24 * 3_600_000;

function EventSettings({ event }: { event: EventView }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgId = useConsole((s) => s.orgId);
  const openEvent = useConsole((s) => s.openEvent);
  const update = useMutation(trpc.store.updateEvent.mutationOptions());
  const duplicate = useMutation(trpc.cloud.duplicateEvent.mutationOptions({ onSuccess: (copy) => openEvent(copy.id) }));
  // A forced mode reaches every attendee at once: asked first. Back to Auto is not.
  const [forcing, setForcing] = useState<WindowKind | null>(null);
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
        <span className="muted">{t('editor.timesIn', { zone: event.timezone })}</span>
      </div>
      <div className="grid2">
        <TextField label={t('editor.name')} name="name" value={name} onChange={setName} error={update.error} />
        <TextField
          label={t('editor.fallbackUrl')}
          name="fallbackUrl"
          value={fallbackUrl}
          onChange={setFallbackUrl}
          error={update.error}
        />
      </div>
      <div className="row">
        <span>{t('editor.mode')}</span>
        <fieldset className="segmented" aria-label={t('editor.modeOverride')}>
          {[null, ...kinds].map((mode) => (
            <button
              key={mode ?? 'auto'}
              type="button"
              aria-pressed={(event.overrideMode ?? null) === mode}
              className={(event.overrideMode ?? null) === mode ? 'on' : ''}
              onClick={() =>
                mode ? setForcing(mode) : update.mutate({ eventId: event.id, patch: { overrideMode: null } })
              }
            >
              {mode ?? t('editor.auto')}
            </button>
          ))}
        </fieldset>
        <small className="muted grow">
          {event.overrideMode ? t('editor.forcedHint', { mode: event.overrideMode }) : t('editor.autoHint')}
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
          {t('editor.saveEvent')}
        </button>
        <button
          type="button"
          disabled={!orgId || duplicate.isPending}
          onClick={() =>
            orgId &&
            duplicate.mutate({
              orgId,
              eventId: event.id,
              name: t('editor.nextEditionName', { name: event.name }),
              shiftMs: NEXT_EDITION_MS,
            })
          }
        >
          {t('editor.duplicate')}
        </button>
      </div>
      <FormAlert error={update.error ?? duplicate.error} />
      <ConfirmDialog
        open={forcing !== null}
        title={t('editor.forceTitle', { mode: forcing ?? '' })}
        cancelLabel={t('editor.forceCancel')}
        confirmLabel={t('editor.forceConfirm', { mode: forcing ?? '' })}
        onCancel={() => setForcing(null)}
        onConfirm={() => {
          update.mutate({ eventId: event.id, patch: { overrideMode: forcing } });
          setForcing(null);
        }}
      >
        <p>{t('editor.forceBody', { mode: forcing ?? '' })}</p>
      </ConfirmDialog>
    </div>
  );
}

function WindowsEditor({ eventId, timeZone }: { eventId: string; timeZone: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const setUnsaved = useConsole((s) => s.setUnsaved);
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
  const changes = useMemo(
    () => changesFor(saved, drafts, check.ranges, timeZone),
    [saved, drafts, check.ranges, timeZone],
  );
  const unsaved = changeCount(changes);
  const blocking = [...check.problems.values()].some((p) => p !== 'gap');
  useEffect(() => {
    setUnsaved(unsaved);
    return () => setUnsaved(0);
  }, [unsaved, setUnsaved]);

  // One mutation for every change: the event's windows are checked as a set, here and in the cloud.
  const save = useMutation(trpc.store.saveWindows.mutationOptions());

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
        <h2 className="grow">{t('editor.windows')}</h2>
        <button type="button" onClick={add}>
          {t('editor.addWindow')}
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
          {t('editor.overlap')}
        </div>
      )}
      <div className="window-row head">
        <span>{t('editor.colMode')}</span>
        <span>{t('editor.colUrl')}</span>
        <span>{t('editor.colStarts', { zone: timeZone })}</span>
        <span>{t('editor.colEnds', { zone: timeZone })}</span>
        <span />
      </div>
      {drafts
        .filter((d) => !d.deleted)
        .map((d, index) => {
          const problem = check.problems.get(d.id);
          return (
            <div key={d.id} className={problem && problem !== 'gap' ? 'window-row bad' : 'window-row'}>
              <select
                aria-label={t('editor.windowMode', { n: index + 1 })}
                value={d.kind}
                onChange={(e) => edit(d.id, { kind: e.target.value as WindowKind })}
              >
                {kinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
              <div>
                <input
                  aria-label={t('editor.windowUrl', { n: index + 1 })}
                  value={d.url}
                  onChange={(e) => edit(d.id, { url: e.target.value })}
                  aria-invalid={problem && problem !== 'gap' ? true : undefined}
                />
                {problem && <div className="err">{t(`editor.problem.${problem}`)}</div>}
              </div>
              <input
                aria-label={t('editor.windowStart', { n: index + 1 })}
                type="datetime-local"
                value={d.start}
                onChange={(e) => edit(d.id, { start: e.target.value })}
              />
              <input
                aria-label={t('editor.windowEnd', { n: index + 1 })}
                type="datetime-local"
                value={d.end}
                onChange={(e) => edit(d.id, { end: e.target.value })}
              />
              <button
                type="button"
                className="icon-button danger"
                aria-label={t('editor.removeWindow', { n: index + 1 })}
                onClick={() => edit(d.id, { deleted: true })}
              >
                ✕
              </button>
            </div>
          );
        })}
      <FormAlert error={save.error} />
      <div className="row end">
        <span className="muted" role="status">
          {unsaved ? t('editor.unsaved', { count: unsaved }) : t('editor.allSaved')}
        </span>
        <button type="button" onClick={() => setDrafts(draftsFrom(saved, timeZone))} disabled={!unsaved}>
          {t('editor.discard')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => save.mutate({ eventId, ...changes })}
          disabled={!unsaved || blocking || save.isPending}
        >
          {t('editor.saveWindows')}
        </button>
      </div>
    </div>
  );
}
