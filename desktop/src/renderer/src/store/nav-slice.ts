import type { StateCreator } from 'zustand';
import type { ConsoleState } from './index.ts';

export type Screen =
  | 'events'
  | 'editor'
  | 'station'
  | 'bands'
  | 'analytics'
  | 'team'
  | 'audit'
  | 'orgSettings'
  | 'admin'
  | 'settings';

export interface NavSlice {
  screen: Screen;
  orgId: string | null;
  eventId: string | null;
  /** Unsaved edits on the current screen (the editor sets it): leaving it asks first. */
  unsaved: number;
  /** Where the operator asked to go while edits were unsaved; the leave dialog confirms or cancels. */
  leavingTo: Screen | null;
  /**
   * A band the Bands screen sent to be replaced at a station: the Stations screen opens its lost-band
   * picker on it (still asking first) and takes it from here.
   */
  lostBandToReplace: string | null;
  go: (screen: Screen) => void;
  replaceAtStation: (bandId: string) => void;
  takeLostBandToReplace: () => void;
  selectOrg: (orgId: string | null) => void;
  openEvent: (eventId: string, screen?: Screen) => void;
  setUnsaved: (count: number) => void;
  confirmLeave: () => void;
  cancelLeave: () => void;
}

export const createNavSlice: StateCreator<ConsoleState, [], [], NavSlice> = (set, get) => ({
  screen: 'events',
  orgId: null,
  eventId: null,
  unsaved: 0,
  leavingTo: null,
  lostBandToReplace: null,
  go: (screen) => {
    if (screen === get().screen) return;
    if (get().unsaved > 0) set({ leavingTo: screen });
    else set({ screen });
  },
  replaceAtStation: (bandId) => {
    set({ lostBandToReplace: bandId });
    get().go('station');
  },
  takeLostBandToReplace: () => set({ lostBandToReplace: null }),
  selectOrg: (orgId) => set({ orgId, eventId: null }),
  openEvent: (eventId, screen = 'editor') => set({ eventId, screen }),
  setUnsaved: (unsaved) => set({ unsaved }),
  confirmLeave: () => {
    const to = get().leavingTo;
    if (to) set({ screen: to, leavingTo: null, unsaved: 0 });
  },
  cancelLeave: () => set({ leavingTo: null }),
});
