import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useConsole } from '../../store/index.ts';
import type { StationView } from '../../store/station-slice.ts';
import { useTRPC } from '../../trpc.ts';
import { EventPicker } from '../EventPicker.tsx';
import { FormAlert } from '../FormErrors.tsx';
import { BulkListRefused } from './BulkListRefused.tsx';
import { bulkListErrorsOf } from './bulk-list-refusal.ts';
import { hasFailureHelp } from './failure-help.ts';
import { type KeyIgnored, whyModeKeyIgnored } from './mode-keys.ts';
import { ReplaceLostBand, ReplaceReceiptCard, ReplaceWaiting } from './ReplaceLostBand.tsx';
import { readerProblem } from './reader-problem.ts';
import { reportWords } from './report-words.ts';
import { playCue } from './sounds.ts';

/**
 * One panel per reader: a big state, the running count, the last 20 bands. Works from the keyboard:
 * E encode · V verify · R reassign · I idle · Enter confirm overwrite · Esc cancel · Tab/1–9 pick reader.
 */
export function StationScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [ignored, setIgnored] = useState<KeyIgnored | null>(null);
  const stations = useConsole((s) => s.stations);
  const nfcStatus = useConsole((s) => s.nfcStatus);
  const selected = useConsole((s) => s.selectedStation);
  const selectStation = useConsole((s) => s.selectStation);
  const eventId = useConsole((s) => s.eventId);
  const lostBandToReplace = useConsole((s) => s.lostBandToReplace);
  const takeLostBandToReplace = useConsole((s) => s.takeLostBandToReplace);
  const settings = useQuery(trpc.settings.get.queryOptions());
  const setMode = useMutation(trpc.nfc.setMode.mutationOptions());
  const confirm = useMutation(trpc.nfc.confirmOverwrite.mutationOptions());
  const cancel = useMutation(trpc.nfc.cancelPending.mutationOptions());
  const startBulk = useMutation(trpc.nfc.startBulk.mutationOptions());
  const ids = Object.keys(stations).filter(
    (id) => !settings.data?.readers.length || settings.data.readers.includes(id),
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement ||
        // The lost-band picker and confirmation dialogs take their own keys (Enter presses their buttons).
        (e.target instanceof Element && e.target.closest('[data-own-keys], dialog')) ||
        e.altKey ||
        e.ctrlKey ||
        e.metaKey
      )
        return;
      const digit = Number(e.key);
      if (digit >= 1 && digit <= ids.length) return selectStation(ids[digit - 1] ?? null);
      const key = e.key.toLowerCase();
      const stationId = selected && ids.includes(selected) ? selected : null;
      // A mode key that cannot act says why, rather than nothing happening.
      const why = whyModeKeyIgnored(key, { readers: ids.length, station: stationId, eventId });
      setIgnored(why);
      if (why) return;
      if (!stationId) return;
      if (key === 'e' && eventId) setMode.mutate({ stationId, mode: { kind: 'ENCODE', eventId } });
      else if (key === 'v') setMode.mutate({ stationId, mode: { kind: 'VERIFY' } });
      else if (key === 'r' && eventId) setMode.mutate({ stationId, mode: { kind: 'REASSIGN', toEventId: eventId } });
      else if (key === 'i') setMode.mutate({ stationId, mode: { kind: 'IDLE' } });
      else if (e.key === 'Escape') cancel.mutate({ stationId });
      else if (e.key === 'Enter') {
        // Enter confirms an overwrite only with a tag on the reader; else it presses the focused button.
        const uid = stations[stationId]?.snapshot.cardUid;
        if (!uid) return;
        confirm.mutate({ stationId, uid });
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ids, selected, selectStation, eventId, stations, setMode, cancel, confirm]);

  const error = setMode.error ?? confirm.error ?? cancel.error ?? startBulk.error;
  const bulkErrors = bulkListErrorsOf(error);
  const problem = readerProblem(nfcStatus?.state);
  // A band sent from the Bands screen goes to the selected reader's picker (the first reader's by default).
  const replacingOn = selected && ids.includes(selected) ? selected : (ids[0] ?? null);
  return (
    <div className="stack">
      <div className="row">
        <span>{t('station.encodeFor')}</span>
        <EventPicker />
        <span className="grow" />
        <small className="muted">
          <kbd className="kbd">E</kbd> {t('station.keys.encode')} · <kbd className="kbd">V</kbd>{' '}
          {t('station.keys.verify')} · <kbd className="kbd">R</kbd> {t('station.keys.reassign')} ·{' '}
          <kbd className="kbd">I</kbd> {t('station.keys.idle')} · <kbd className="kbd">1</kbd>–
          <kbd className="kbd">9</kbd> {t('station.keys.reader')} · <kbd className="kbd">Esc</kbd>{' '}
          {t('station.keys.cancel')}
        </small>
      </div>
      {ignored && (
        <div className="alert warn" role="alert" data-testid="key-ignored">
          {t(`station.keyIgnored.${ignored}`)}
        </div>
      )}
      {problem && nfcStatus && 'howTo' in nfcStatus && (
        <div className="alert warn" role="alert" data-testid="reader-service">
          <strong>{t(`station.${problem}`)}</strong>
          <details>
            <summary>{t('station.details')}</summary>
            <p>{nfcStatus.message}</p>
            <p className="mono">{nfcStatus.howTo}</p>
          </details>
        </div>
      )}
      {bulkErrors ? <BulkListRefused errors={bulkErrors} /> : <FormAlert error={error} />}
      {lostBandToReplace && !replacingOn && (
        <div className="alert warn row" data-testid="replace-needs-reader">
          <strong className="grow">{t('replace.needsReader', { bandId: lostBandToReplace })}</strong>
          <button type="button" className="small" onClick={takeLostBandToReplace}>
            {t('replace.cancel')}
          </button>
        </div>
      )}
      {problem ? null : ids.length === 0 ? (
        <div className="card empty" data-testid="no-reader">
          <strong>{t('station.plugIn')}</strong>
          <p className="muted">{t('station.plugInHint')}</p>
        </div>
      ) : (
        <div className="station-grid">
          {ids.map((id, index) => (
            <StationPanel
              key={id}
              view={stations[id]!}
              index={index + 1}
              selected={id === selected}
              sounds={settings.data?.sounds ?? true}
              onSelect={() => selectStation(id)}
              onMode={(mode) => setMode.mutate({ stationId: id, mode })}
              onConfirmOverwrite={(uid) => confirm.mutate({ stationId: id, uid })}
              onCancelPending={() => cancel.mutate({ stationId: id })}
              onBulk={(csv) => eventId && startBulk.mutate({ stationId: id, eventId, csv })}
              eventId={eventId}
              lostBandToReplace={id === replacingOn ? lostBandToReplace : null}
              onLostBandTaken={takeLostBandToReplace}
            />
          ))}
        </div>
      )}
    </div>
  );
}

type Mode =
  | { kind: 'IDLE' }
  | { kind: 'ENCODE'; eventId: string }
  | { kind: 'VERIFY' }
  | { kind: 'REASSIGN'; toEventId: string }
  | { kind: 'REPLACE'; lostBandId: string };

function StationPanel(props: {
  view: StationView;
  index: number;
  selected: boolean;
  sounds: boolean;
  eventId: string | null;
  /** A band sent here from the Bands screen, for this panel's lost-band picker. */
  lostBandToReplace: string | null;
  onLostBandTaken: () => void;
  onSelect: () => void;
  onMode: (mode: Mode) => void;
  onConfirmOverwrite: (uid: string) => void;
  onCancelPending: () => void;
  onBulk: (csv: string) => void;
}) {
  const { view } = props;
  const { t } = useTranslation();
  const format = useFormat();
  const heard = useRef(view.outcomes);
  useEffect(() => {
    if (view.outcomes !== heard.current) {
      heard.current = view.outcomes;
      if (props.sounds && view.lastOk !== null) playCue(view.lastOk);
    }
  }, [view.outcomes, view.lastOk, props.sounds]);
  const mode = view.snapshot.mode.kind;
  const [picking, setPicking] = useState(false);
  const [preselected, setPreselected] = useState<string | null>(null);
  const { lostBandToReplace, onLostBandTaken } = props;
  useEffect(() => {
    if (!lostBandToReplace) return;
    setPreselected(lostBandToReplace);
    setPicking(true);
    onLostBandTaken();
  }, [lostBandToReplace, onLostBandTaken]);
  const closePicker = () => {
    setPicking(false);
    setPreselected(null);
  };
  const help = hasFailureHelp(view.failureCode) ? view.failureCode : null;
  const report = view.report && reportWords(t, view.report);
  const modeButton = (kind: Mode['kind'], label: string) => (
    <button
      type="button"
      aria-pressed={mode === kind}
      className={mode === kind ? 'on' : ''}
      disabled={(kind === 'ENCODE' || kind === 'REASSIGN') && !props.eventId}
      onClick={() => {
        if (kind === 'ENCODE' && props.eventId) props.onMode({ kind, eventId: props.eventId });
        else if (kind === 'REASSIGN' && props.eventId) props.onMode({ kind, toEventId: props.eventId });
        else if (kind === 'VERIFY' || kind === 'IDLE') props.onMode({ kind });
      }}
    >
      {label}
    </button>
  );
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard picks a reader with 1–9 (see the screen's shortcuts)
    <section
      className={`station ${view.phase}`}
      data-testid="station"
      data-phase={view.phase}
      aria-label={t('station.reader', { n: props.index })}
      style={props.selected ? { boxShadow: '0 0 0 3px #a5a5ff' } : undefined}
      onClick={props.onSelect}
    >
      <div className="row">
        <kbd className="kbd">{props.index}</kbd>
        <strong className="grow">{view.snapshot.readerName}</strong>
        <fieldset className="segmented" aria-label={t('station.mode')}>
          {modeButton('ENCODE', t('station.modes.ENCODE'))}
          {modeButton('VERIFY', t('station.modes.VERIFY'))}
          {modeButton('REASSIGN', t('station.modes.REASSIGN'))}
          {modeButton('IDLE', t('station.modes.IDLE'))}
          <BulkButton disabled={!props.eventId} active={mode === 'BULK'} onList={props.onBulk} />
          <button
            type="button"
            aria-pressed={mode === 'REPLACE'}
            aria-expanded={picking}
            className={mode === 'REPLACE' || picking ? 'on' : ''}
            disabled={!props.eventId}
            onClick={() => {
              setPreselected(null);
              setPicking(true);
            }}
          >
            {t('replace.open')}
          </button>
        </fieldset>
      </div>
      {picking && props.eventId && (
        <ReplaceLostBand
          key={preselected ?? ''}
          eventId={props.eventId}
          preselected={preselected}
          onClose={closePicker}
          onPick={(lostBandId) => {
            props.onMode({ kind: 'REPLACE', lostBandId });
            closePicker();
          }}
        />
      )}
      {view.snapshot.mode.kind === 'REPLACE' && (
        <ReplaceWaiting lostBandId={view.snapshot.mode.lostBandId} onCancel={() => props.onMode({ kind: 'IDLE' })} />
      )}
      <div role="status" aria-live="assertive">
        <div className="state" data-testid="station-state">
          {mode === 'IDLE' && view.phase === 'waiting' ? t('station.idle') : t(`station.phase.${view.phase}`)}
        </div>
        <div className="reason" data-testid="station-reason">
          {report?.text || '\u00a0'}
        </div>
      </div>
      {report?.details && (
        <details>
          <summary>{t('station.details')}</summary>
          <p className="mono">{report.details}</p>
        </details>
      )}
      {view.receipt && mode !== 'REPLACE' && <ReplaceReceiptCard receipt={view.receipt} />}
      {help && (
        <div className="alert warn" data-testid="station-help">
          <strong>{t(`station.help.${help}.title`)}.</strong> {t(`station.help.${help}.text`)}
        </div>
      )}
      {view.failureCode === 'NEEDS_OVERWRITE_CONFIRMATION' && view.snapshot.cardUid && (
        <div className="row">
          <button type="button" className="danger" onClick={() => props.onConfirmOverwrite(view.snapshot.cardUid!)}>
            {t('station.overwrite')}
          </button>
          <small className="muted">
            {t('station.overwriteKeyBefore')} <kbd className="kbd">Enter</kbd>
            {t('station.overwriteKeyAfter')}
          </small>
        </div>
      )}
      {view.snapshot.pending && (
        <div className="row">
          <span className="grow">
            {t('station.pending', { uid: view.snapshot.pending.uid, bandId: view.snapshot.pending.bandId })}
          </span>
          <button type="button" onClick={props.onCancelPending}>
            {t('station.giveUp')}
          </button>
        </div>
      )}
      {view.snapshot.mode.kind === 'BULK' && view.snapshot.bulk && (
        <div className="muted">
          {t('station.bulkProgress', {
            done: format.number(view.snapshot.bulk.done),
            total: format.number(view.snapshot.bulk.total),
          })}
        </div>
      )}
      <div className="row">
        <div className="stat">
          <span className="count" data-testid="station-count">
            {format.number(view.snapshot.counters.encoded)}
          </span>
          <span className="label">{t('station.encoded')}</span>
        </div>
        <div className="stat">
          <span className="value">{format.number(view.snapshot.counters.failures)}</span>
          <span className="label">{t('station.failures')}</span>
        </div>
        <div className="stat">
          <span className="value">{format.number(view.snapshot.counters.verified)}</span>
          <span className="label">{t('station.verified')}</span>
        </div>
      </div>
      <div className="recent">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('station.lastBands')}</th>
              <th scope="col">{t('station.tagUid')}</th>
              <th scope="col">{t('station.time')}</th>
            </tr>
          </thead>
          <tbody>
            {view.recent.map((band) => (
              <tr key={band.bandId}>
                <td className="mono">{band.bandId}</td>
                <td className="mono">{band.uid}</td>
                <td>{format.time(band.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.recent.length === 0 && <div className="empty">{t('station.noneYet')}</div>}
      </div>
    </section>
  );
}

/** BULK: encode the band ids of a CSV list, in order, on the next blank tags (a bad list is refused whole). */
function BulkButton(props: { disabled: boolean; active: boolean; onList: (csv: string) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        aria-pressed={props.active}
        className={props.active ? 'on' : ''}
        disabled={props.disabled}
        title={t('station.fromListHint')}
        onClick={() => input.current?.click()}
      >
        {t('station.fromList')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv,text/plain"
        hidden
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) props.onList(await file.text());
          e.target.value = '';
        }}
      />
    </>
  );
}
