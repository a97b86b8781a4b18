import { parseBandList } from '@sparkmotion/shared/bands/band-csv';
import { DomainError } from '@sparkmotion/shared/errors';
import { BandIdSchema } from '@sparkmotion/shared/schemas/common.schema';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import type { NfcService } from './nfc.service.ts';
import type { NfcEvent } from './nfc-events.ts';

const stationId = z.string().min(1);
const eventId = z.string().min(1);

export const StationModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('IDLE') }),
  z.object({ kind: z.literal('ENCODE'), eventId }),
  z.object({ kind: z.literal('VERIFY') }),
  z.object({ kind: z.literal('REASSIGN'), toEventId: eventId }),
  z.object({ kind: z.literal('REPLACE'), lostBandId: BandIdSchema }),
]);

/**
 * The NFC stations over tRPC. `events` is an observable subscription (not an async generator: the
 * Electron IPC adapter cannot carry those on Node 24, see toolchain.md).
 */
export function createNfcRouter(service: NfcService) {
  const known = (id: string) => {
    if (!service.listStations().some((s) => s.stationId === id)) {
      throw new DomainError('NOT_FOUND', `no reader ${id} is attached`);
    }
  };
  return router({
    status: publicProcedure.query(() => service.status),
    stations: publicProcedure.query(() => service.listStations()),
    setMode: publicProcedure.input(z.object({ stationId, mode: StationModeSchema })).mutation(({ input }) => {
      known(input.stationId);
      return service.setMode(input.stationId, input.mode);
    }),
    /** BULK mode from a CSV of band ids; a bad list is refused whole (BAD_INPUT with every line at fault). */
    startBulk: publicProcedure
      .input(z.object({ stationId, eventId, csv: z.string().max(5_000_000) }))
      .mutation(({ input }) => {
        const list = parseBandList(input.csv);
        if (!list.ok) throw new DomainError('BAD_INPUT', 'the band list has errors', { errors: list.errors });
        known(input.stationId);
        return service.setMode(input.stationId, { kind: 'BULK', eventId: input.eventId, bandIds: list.bandIds });
      }),
    confirmOverwrite: publicProcedure
      .input(z.object({ stationId, uid: z.string().regex(/^[0-9a-f]+$/) }))
      .mutation(({ input }) => {
        known(input.stationId);
        return service.confirmOverwrite(input.stationId, input.uid);
      }),
    cancelPending: publicProcedure.input(z.object({ stationId })).mutation(({ input }) => {
      known(input.stationId);
      return service.cancelPending(input.stationId);
    }),
    events: publicProcedure.subscription(() =>
      observable<NfcEvent>((emit) => {
        const forward = (event: NfcEvent) => emit.next(event);
        emit.next({ type: 'status', status: service.status });
        for (const station of service.listStations()) emit.next({ type: 'reader.attached', station });
        service.events.on('event', forward);
        return () => service.events.off('event', forward);
      }),
    ),
  });
}

export type NfcRouter = ReturnType<typeof createNfcRouter>;
