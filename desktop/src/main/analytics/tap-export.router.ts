import { DomainError } from '@sparkmotion/shared/errors';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import type { TapExportState, TapExports } from './tap-export.ts';

const EventScope = z.object({ orgId: z.uuid(), eventId: z.uuid() });
const ExportRef = z.object({ id: z.uuid() });

/**
 * Asks the operator where to save a file (Electron's save dialog); null when they cancel. Browser mode has
 * none: the host hands the finished file to the browser as a download instead.
 */
export type ChooseDestination = (defaultName: string) => Promise<string | null>;

/** The raw-tap export: started here, written by main, followed by the screen through `onProgress`. */
export function createTapExportRouter(exports: TapExports, chooseDestination: ChooseDestination | null) {
  return router({
    /** Null when the operator closed the save dialog. */
    start: publicProcedure.input(EventScope).mutation(async ({ input }) => {
      const destination = chooseDestination ? await chooseDestination(`taps-${input.eventId}.csv`) : null;
      if (chooseDestination && destination === null) return null;
      return exports.start(input, destination);
    }),
    /** The export's state now, then after every page, until it is done, failed or cancelled. */
    onProgress: publicProcedure.input(ExportRef).subscription(({ input }) => {
      // An export of an earlier launch, or one already downloaded: say so rather than leave the screen waiting.
      if (!exports.state(input.id)) throw new DomainError('NOT_FOUND', 'no such export');
      return observable<TapExportState>((emit) =>
        exports.subscribe(input.id, (state) => {
          emit.next(state);
          if (exports.isFinished(state)) emit.complete();
        }),
      );
    }),
    cancel: publicProcedure.input(ExportRef).mutation(({ input }) => exports.cancel(input.id)),
  });
}
