import type { StateCreator } from 'zustand';
import type { ConsoleState } from './index.ts';

export type Screen = 'events' | 'editor' | 'station' | 'bands' | 'analytics' | 'settings';

export interface NavSlice {
  screen: Screen;
  orgId: string | null;
  eventId: string | null;
  go: (screen: Screen) => void;
  selectOrg: (orgId: string | null) => void;
  openEvent: (eventId: string, screen?: Screen) => void;
}

export const createNavSlice: StateCreator<ConsoleState, [], [], NavSlice> = (set) => ({
  screen: 'events',
  orgId: null,
  eventId: null,
  go: (screen) => set({ screen }),
  selectOrg: (orgId) => set({ orgId, eventId: null }),
  openEvent: (eventId, screen = 'editor') => set({ eventId, screen }),
});
