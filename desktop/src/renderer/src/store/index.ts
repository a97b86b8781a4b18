import { create } from 'zustand';
import { createNavSlice, type NavSlice } from './nav-slice.ts';
import { createStationSlice, type StationSlice } from './station-slice.ts';

export type { Screen } from './nav-slice.ts';

/**
 * The one renderer store, built from slices. UI state and live streams only: server data comes through
 * tRPC + TanStack Query. Read it with a selector per value: `useConsole((s) => s.screen)`.
 */
export type ConsoleState = NavSlice & StationSlice;

export const createConsoleStore = () =>
  create<ConsoleState>()((...a) => ({
    ...createNavSlice(...a),
    ...createStationSlice(...a),
  }));

export const useConsole = createConsoleStore();
