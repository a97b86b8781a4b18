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

export interface StationView {
  snapshot: StationSnapshot;
  phase: StationPhase;
  /** What the big banner says under the state: the band written, or the reason it failed. */
  detail: string;
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
  detail: '',
  failureCode: null,
  recent: [],
  outcomes: 0,
  lastOk: null,
  receipt: null,
});

function describe(outcome: Outcome): { ok: boolean; detail: string; band?: EncodedBand } {
  if (!outcome.ok) return { ok: false, detail: outcome.message };
  const at = new Date().toISOString();
  switch (outcome.kind) {
    case 'ENCODED':
      return {
        ok: true,
        detail: `Band ${outcome.registration.bandId} written${outcome.locked ? ' and locked' : ''}`,
        band: { bandId: outcome.registration.bandId, uid: outcome.tag.uid, at },
      };
    case 'REPLACED':
      return {
        ok: true,
        detail: `Band ${outcome.registration.bandId} replaces lost band ${outcome.lostBandId}`,
        band: { bandId: outcome.registration.bandId, uid: outcome.tag.uid, at },
      };
    case 'ALREADY_ENCODED':
      return { ok: true, detail: `Already band ${outcome.registration.bandId}` };
    case 'VERIFIED':
      return {
        ok: true,
        detail: outcome.registration
          ? `Band ${outcome.registration.bandId} (event ${outcome.registration.eventId.slice(0, 8)})`
          : `Tag ${outcome.tag.uid}: ${outcome.tag.uri ?? 'no link'} — not a band of this desk`,
      };
    case 'REASSIGNED':
      return { ok: true, detail: `Band ${outcome.registration.bandId} moved to the selected event` };
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
          update(event.stationId, () => ({ phase: 'writing', detail: `Tag ${event.uid}`, failureCode: null }));
          return { stations };
        case 'card.removed':
          update(event.stationId, (view) => (view.phase === 'writing' ? { phase: 'waiting', detail: '' } : {}));
          return { stations };
        case 'outcome': {
          const result = describe(event.outcome);
          update(event.stationId, (view) => ({
            phase: result.ok ? 'done' : 'error',
            detail: result.detail,
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
