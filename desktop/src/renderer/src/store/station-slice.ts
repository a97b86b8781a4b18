import type { StateCreator } from 'zustand';
import type { NfcEvent, Outcome, StationSnapshot } from '../../../main/nfc/nfc-events.ts';
import type { ConsoleState } from './index.ts';

export const RECENT_BANDS = 20;

export type StationPhase = 'waiting' | 'writing' | 'done' | 'error';

export interface EncodedBand {
  bandId: string;
  uid: string;
  at: string;
}

/** What a REPLACE tap answers, for the desk to read out: the lost band, the new one and its attendee. */
export interface ReplaceReceipt {
  lostBandId: string;
  bandId: string;
  uid: string;
  attendeeName: string | null;
}

/**
 * What the big banner says under the state, as data: the tag on the reader, the band a tap wrote (or found,
 * or moved), or why it failed. The screen puts it in the desk's words (`stationOutcome` in the catalogues).
 */
export type StationReport =
  | { kind: 'TAG'; uid: string }
  | { kind: 'ENCODED'; bandId: string; locked: boolean }
  | { kind: 'REPLACED'; bandId: string; lostBandId: string }
  | { kind: 'ALREADY_ENCODED' | 'REASSIGNED'; bandId: string }
  | { kind: 'VERIFIED'; bandId: string; eventId: string }
  /** VERIFY on a tag that is no band of this desk. */
  | { kind: 'VERIFIED_TAG'; uid: string; uri: string | null }
  | { kind: 'FAILED'; failure: Extract<Outcome, { ok: false }> };

export interface StationView {
  snapshot: StationSnapshot;
  phase: StationPhase;
  report: StationReport | null;
  failureCode: string | null;
  recent: EncodedBand[];
  /** Outcome sequence number, so the screen can play one sound per outcome. */
  outcomes: number;
  lastOk: boolean | null;
  /** The last tap's replacement receipt (REPLACE), until the next outcome. */
  receipt: ReplaceReceipt | null;
}

/** Live state of every NFC station, fed by the `nfc.events` subscription. */
export interface StationSlice {
  nfcStatus: Extract<NfcEvent, { type: 'status' }>['status'] | null;
  stations: Record<string, StationView>;
  selectedStation: string | null;
  applyNfcEvent: (event: NfcEvent) => void;
  selectStation: (stationId: string | null) => void;
}

const fresh = (snapshot: StationSnapshot): StationView => ({
  snapshot,
  phase: 'waiting',
  report: null,
  failureCode: null,
  recent: [],
  outcomes: 0,
  lastOk: null,
  receipt: null,
});

function describe(outcome: Outcome): { ok: boolean; report: StationReport; band?: EncodedBand } {
  if (!outcome.ok) return { ok: false, report: { kind: 'FAILED', failure: outcome } };
  if (outcome.kind === 'VERIFIED') {
    const { registration, tag } = outcome;
    return {
      ok: true,
      report: registration
        ? { kind: 'VERIFIED', bandId: registration.bandId, eventId: registration.eventId }
        : { kind: 'VERIFIED_TAG', uid: tag.uid, uri: tag.uri },
    };
  }
  const { bandId } = outcome.registration;
  const band = { bandId, uid: outcome.tag.uid, at: new Date().toISOString() };
  switch (outcome.kind) {
    case 'ENCODED':
      return { ok: true, report: { kind: 'ENCODED', bandId, locked: outcome.locked }, band };
    case 'REPLACED':
      return { ok: true, report: { kind: 'REPLACED', bandId, lostBandId: outcome.lostBandId }, band };
    case 'ALREADY_ENCODED':
    case 'REASSIGNED':
      return { ok: true, report: { kind: outcome.kind, bandId } };
  }
}

export const createStationSlice: StateCreator<ConsoleState, [], [], StationSlice> = (set) => ({
  nfcStatus: null,
  stations: {},
  selectedStation: null,
  selectStation: (selectedStation) => set({ selectedStation }),
  applyNfcEvent: (event) =>
    set((state) => {
      const stations = { ...state.stations };
      const update = (id: string, change: (view: StationView) => Partial<StationView>) => {
        const current = stations[id];
        if (current) stations[id] = { ...current, ...change(current) };
      };
      switch (event.type) {
        case 'status':
          return { nfcStatus: event.status };
        case 'reader.attached':
        case 'station': {
          const current = stations[event.station.stationId];
          stations[event.station.stationId] = current ? { ...current, snapshot: event.station } : fresh(event.station);
          return {
            stations,
            selectedStation: state.selectedStation ?? event.station.stationId,
          };
        }
        case 'reader.detached':
          delete stations[event.stationId];
          return {
            stations,
            selectedStation: state.selectedStation === event.stationId ? null : state.selectedStation,
          };
        case 'card.present':
          update(event.stationId, () => ({
            phase: 'writing',
            report: { kind: 'TAG', uid: event.uid },
            failureCode: null,
          }));
          return { stations };
        case 'card.removed':
          update(event.stationId, (view) => (view.phase === 'writing' ? { phase: 'waiting', report: null } : {}));
          return { stations };
        case 'outcome': {
          const result = describe(event.outcome);
          update(event.stationId, (view) => ({
            phase: result.ok ? 'done' : 'error',
            report: result.report,
            failureCode: event.outcome.ok ? null : event.outcome.code,
            recent: result.band ? [result.band, ...view.recent].slice(0, RECENT_BANDS) : view.recent,
            outcomes: view.outcomes + 1,
            lastOk: result.ok,
            receipt:
              event.outcome.ok && event.outcome.kind === 'REPLACED'
                ? {
                    lostBandId: event.outcome.lostBandId,
                    bandId: event.outcome.registration.bandId,
                    // Upper case, as the Bands screen shows tag UIDs.
                    uid: event.outcome.tag.uid.toUpperCase(),
                    attendeeName: event.outcome.attendeeName,
                  }
                : null,
            snapshot: { ...view.snapshot, counters: event.counters },
          }));
          return { stations };
        }
      }
    }),
});
