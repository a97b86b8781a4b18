import { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import {
  BandReassignArgs,
  BandRegisterArgs,
  BandSetAttendeeArgs,
  EventUpdateArgs,
  WindowCreateArgs,
  WindowDeleteArgs,
  WindowsSaveArgs,
  WindowUpdateArgs,
} from '@sparkmotion/shared/sync/mutations';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import type { LocalBand } from './entities/band.entity.ts';
import type { LocalStore, StoreChange } from './local-store.ts';

const pick = <T extends object>(rows: T[], fields: Array<keyof T>) =>
  rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])) as Pick<T, (typeof fields)[number]>);

/** A band's attendee as the UI shows it: null when none is linked (or none may be held here). */
const attendeeOf = (b: LocalBand) =>
  b.attendeeName || b.attendeeEmail || b.attendeeTicketCode
    ? { name: b.attendeeName ?? null, email: b.attendeeEmail ?? null, ticketCode: b.attendeeTicketCode ?? null }
    : null;

/**
 * The console's data, read from and written to the local store: reads never wait for the network,
 * writes are local mutations (applied at once, queued for the cloud; the answer is the mutation id).
 */
export function createStoreRouter(store: LocalStore) {
  const mutation = <S extends z.ZodType>(schema: S, name: Parameters<LocalStore['mutate']>[0]) =>
    publicProcedure
      .input(schema)
      .mutation(async ({ input }) => ({ mutationId: await store.mutate(name, input as never) }));
  return router({
    organizations: publicProcedure.query(async () =>
      pick(await store.organizations(), ['id', 'name', 'role', 'attendees']),
    ),
    events: publicProcedure
      .input(z.object({ orgId: z.uuid().optional() }).optional())
      .query(async ({ input }) =>
        pick(await store.events(input?.orgId), ['id', 'orgId', 'name', 'timezone', 'fallbackUrl', 'overrideMode']),
      ),
    windows: publicProcedure
      .input(z.object({ eventId: z.uuid() }))
      .query(async ({ input }) =>
        pick(await store.windows(input.eventId), ['id', 'eventId', 'kind', 'url', 'startsAt', 'endsAt']),
      ),
    bands: publicProcedure
      .input(
        z.object({
          eventId: z.uuid(),
          search: z.string().trim().max(64).optional(),
          status: BandStatus.optional(),
          limit: z.number().int().min(1).max(500).default(100),
          offset: z.number().int().min(0).default(0),
        }),
      )
      .query(async ({ input }) => {
        const { bands, total } = await store.bands(input.eventId, input);
        return {
          /** Bands that match, of `inEvent`. */
          total,
          inEvent: await store.bandCount(input.eventId),
          bands: bands.map((b) => ({
            bandId: b.bandId,
            uid: b.uid,
            eventId: b.eventId,
            status: b.status,
            stationId: b.stationId,
            registeredAt: b.registeredAt,
            trust: b.trust,
            replacedBy: b.replacedBy,
            attendee: attendeeOf(b),
          })),
        };
      }),
    registerBand: mutation(BandRegisterArgs, 'band.register'),
    reassignBand: mutation(BandReassignArgs, 'band.reassign'),
    /** Links, changes (the fields named) or unlinks (null) a band's attendee. */
    setAttendee: mutation(BandSetAttendeeArgs, 'band.setAttendee'),
    updateEvent: mutation(EventUpdateArgs, 'event.update'),
    createWindow: mutation(WindowCreateArgs, 'window.create'),
    updateWindow: mutation(WindowUpdateArgs, 'window.update'),
    deleteWindow: mutation(WindowDeleteArgs, 'window.delete'),
    /** The editor's save: all of an event's window changes as one mutation, checked as a set. */
    saveWindows: mutation(WindowsSaveArgs, 'windows.save'),
    /** Local changes the cloud refused, with the reason to show; dismissed ones are hidden. */
    rejections: publicProcedure.query(() => store.rejections()),
    dismissRejection: publicProcedure
      .input(z.object({ id: z.number().int().positive() }))
      .mutation(({ input }) => store.dismissRejection(input.id)),
    /** Fires after every committed change (local mutation, pull, push result): refetch what you show. */
    onChange: publicProcedure.subscription(() =>
      observable<StoreChange>((emit) => store.onChange((change) => emit.next(change))),
    ),
  });
}
