import { DomainError, isDomainError } from '@sparkmotion/shared/errors';
import { BreakdownInput } from '@sparkmotion/shared/schemas/analytics.schema';
import { BandImportInput, BandRef, BandRestoreInput } from '@sparkmotion/shared/schemas/bands.schema';
import { OrgScoped } from '@sparkmotion/shared/schemas/common.schema';
import { EventCreateInput, EventDuplicateInput } from '@sparkmotion/shared/schemas/events.schema';
import { BandCounterResetInput, TrustPolicyInput } from '@sparkmotion/shared/schemas/trust.schema';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import { type CloudCallDeps, cloudCall } from './cloud-call.ts';

/**
 * The few things only the cloud can do, called from the main process with the session's token (the
 * renderer never holds it). Everything the console can do offline goes through the local store instead.
 */
const EventScope = z.object({ orgId: z.uuid(), eventId: z.uuid() });

export interface CloudRouterDeps extends CloudCallDeps {
  /** The band changes (`band.*`) this desk has not pushed yet for an event (`LocalStore.pendingBandChanges`). */
  pendingBandChanges: (eventId: string) => Promise<number>;
}

export function createCloudRouter(deps: CloudRouterDeps) {
  const { call, changed } = cloudCall(deps);
  return router({
    /** The signed-in user and their organizations, straight from the cloud. */
    me: publicProcedure.query(() => call((cloud) => cloud.auth.me.query())),
    /** Creates an event in the cloud, then syncs so it shows in the local store at once. */
    createEvent: publicProcedure
      .input(EventCreateInput)
      .mutation(({ input }) => changed(call((cloud) => cloud.events.create.mutate(input)))),
    /** A copy of an event with its windows moved (next year's edition), synced so it shows at once. */
    duplicateEvent: publicProcedure
      .input(EventDuplicateInput)
      .mutation(({ input }) => changed(call((cloud) => cloud.events.duplicate.mutate(input)))),
    /**
     * Deletes an event in the cloud (there is no offline delete: the cloud refuses an event with bands unless
     * forced, and only it knows every desk's bands). `bands` is the count the person confirmed: the cloud
     * deletes only when it has exactly that many, checked in the delete's own transaction, so a delete never
     * takes more or other bands than the dialog said. Else the desk syncs (the dialog then shows the cloud's
     * count) and the delete is refused with EVENT_HAS_BANDS. Refused with UNSYNCED_CHANGES while this desk's
     * outbox holds band changes for the event: its count is not the cloud's until they are pushed.
     */
    deleteEvent: publicProcedure
      .input(EventScope.extend({ bands: z.number().int().min(0) }))
      .mutation(async ({ input: { bands, ...event } }) => {
        if ((await deps.pendingBandChanges(event.eventId)) > 0) {
          await deps.afterChange().catch(() => {});
          throw new DomainError('UNSYNCED_CHANGES', 'This desk has band changes for the event not synced yet.');
        }
        try {
          return await changed(call((c) => c.events.delete.mutate({ ...event, expectBands: bands })));
        } catch (error) {
          if (isDomainError(error) && error.code === 'EVENT_HAS_BANDS') await deps.afterChange().catch(() => {});
          throw error;
        }
      }),
    /**
     * Band changes the offline protocol does not carry (status, restore, bulk import): made in the cloud, then
     * synced back so the local store shows them. Replacing a band is a station's (`band.replace`, offline too).
     */
    bands: router({
      disable: publicProcedure
        .input(BandRef)
        .mutation(({ input }) => changed(call((c) => c.bands.disable.mutate(input)))),
      enable: publicProcedure
        .input(BandRef)
        .mutation(({ input }) => changed(call((c) => c.bands.enable.mutate(input)))),
      markLost: publicProcedure
        .input(BandRef)
        .mutation(({ input }) => changed(call((c) => c.bands.markLost.mutate(input)))),
      restore: publicProcedure
        .input(BandRestoreInput)
        .mutation(({ input }) => changed(call((c) => c.bands.restore.mutate(input)))),
      importCsv: publicProcedure
        .input(BandImportInput)
        .mutation(({ input }) => changed(call((c) => c.bands.importCsv.mutate(input)))),
    }),
    /**
     * Analytics are the cloud's (taps land there): totals, the chart, per-window figures, the live counter,
     * breakdowns (the raw-tap export is `tapExport`, written by main).
     */
    analytics: router({
      summary: publicProcedure.input(EventScope).query(({ input }) => call((c) => c.analytics.summary.query(input))),
      tapsOverTime: publicProcedure
        .input(EventScope.extend({ bucket: z.enum(['minute', 'hour', 'day']) }))
        .query(({ input }) => call((c) => c.analytics.tapsOverTime.query(input))),
      perWindow: publicProcedure
        .input(EventScope)
        .query(({ input }) => call((c) => c.analytics.perWindow.query(input))),
      live: publicProcedure.input(EventScope).query(({ input }) => call((c) => c.analytics.live.query(input))),
      /** Tap trust: taps per verdict, and the bands with replayed or copied taps (with how each proves its taps). */
      trustSummary: publicProcedure.input(EventScope).query(({ input }) => call((c) => c.trust.summary.query(input))),
      suspiciousBands: publicProcedure
        .input(EventScope)
        .query(({ input }) => call((c) => c.trust.suspiciousBands.query({ ...input, limit: 20 }))),
      breakdown: publicProcedure
        .input(BreakdownInput)
        .query(({ input }) => call((c) => c.analytics.breakdown.query(input))),
    }),
    /**
     * Tap-trust settings: the event's policy for replayed/copied taps (EDITOR and up change it), a band's
     * counter reset, and the OWNER's rotation of the organization's tag secrets (the answer is the new version: no secret).
     */
    trust: router({
      policy: publicProcedure.input(EventScope).query(({ input }) => call((c) => c.trust.policy.query(input))),
      setPolicy: publicProcedure
        .input(TrustPolicyInput)
        .mutation(({ input }) => call((c) => c.trust.setPolicy.mutate(input))),
      /** Forgets a band's tap counter, for a band locked out by a forged one (EDITOR and up, audited). */
      resetBandCounter: publicProcedure
        .input(BandCounterResetInput)
        .mutation(({ input }) => call((c) => c.trust.resetBandCounter.mutate(input))),
      rotateNtagSecret: publicProcedure
        .input(OrgScoped)
        .mutation(({ input }) => call((c) => c.trust.rotateNtagSecret.mutate(input))),
      rotateSdmMasterKey: publicProcedure
        .input(OrgScoped)
        .mutation(({ input }) => call((c) => c.trust.rotateSdmMasterKey.mutate(input))),
    }),
  });
}
