import type { StateCreator } from 'zustand';
import type { ConsoleState } from './index.ts';

export interface EncodedBand {
  bandId: string;
  uid: string;
  at: string;
}

/** Per-reader history the station screen shows: the running count and the last 20 bands. */
export interface StationSlice {
  encoded: Record<string, { count: number; recent: EncodedBand[] }>;
  recordEncoded: (reader: string, band: EncodedBand) => void;
  resetStation: (reader: string) => void;
}

export const RECENT_BANDS = 20;

export const createStationSlice: StateCreator<ConsoleState, [], [], StationSlice> = (set) => ({
  encoded: {},
  recordEncoded: (reader, band) =>
    set((state) => {
      const current = state.encoded[reader] ?? { count: 0, recent: [] };
      if (current.recent[0]?.bandId === band.bandId) return state;
      return {
        encoded: {
          ...state.encoded,
          [reader]: { count: current.count + 1, recent: [band, ...current.recent].slice(0, RECENT_BANDS) },
        },
      };
    }),
  resetStation: (reader) => set((state) => ({ encoded: { ...state.encoded, [reader]: { count: 0, recent: [] } } })),
});
