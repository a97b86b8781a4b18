import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import type { SyncEngine, SyncState } from './sync-engine.ts';

/** Sync status for the UI (online/offline, pending count, last sync, last error) and a "sync now" button. */
export function createSyncRouter(engine: SyncEngine) {
  return router({
    /** The current state first, then every change: the one source the screen shows. */
    onState: publicProcedure.subscription(() =>
      observable<SyncState>((emit) => {
        emit.next(engine.state());
        return engine.subscribe((state) => emit.next(state));
      }),
    ),
    syncNow: publicProcedure.mutation(() => engine.syncNow()),
    /** Browser mode reports `navigator.onLine` here; Electron's main process calls the engine itself. */
    setOnline: publicProcedure.input(z.object({ online: z.boolean() })).mutation(({ input }) => {
      engine.setOnline(input.online);
      return engine.state();
    }),
  });
}
