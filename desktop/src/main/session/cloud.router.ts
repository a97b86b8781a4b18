import { EventCreateInput } from '@sparkmotion/shared/schemas/events.schema';
import { publicProcedure, router } from '../trpc.ts';
import { createCloudClient, toDomainError } from './cloud-client.ts';
import type { SessionService } from './session.service.ts';

/**
 * The few things only the cloud can do, called from the main process with the session's token (the
 * renderer never holds it). Everything the console can do offline goes through the local store instead.
 */
export function createCloudRouter(deps: { session: SessionService; afterChange: () => Promise<unknown> }) {
  const call = async <T>(run: (client: ReturnType<typeof createCloudClient>) => Promise<T>): Promise<T> => {
    const session = await deps.session.require();
    try {
      return await run(createCloudClient(session));
    } catch (error) {
      throw toDomainError(error, session.cloudUrl);
    }
  };
  return router({
    /** The signed-in user and their organizations, straight from the cloud. */
    me: publicProcedure.query(() => call((cloud) => cloud.auth.me.query())),
    /** Creates an event in the cloud, then syncs so it shows in the local store at once. */
    createEvent: publicProcedure.input(EventCreateInput).mutation(async ({ input }) => {
      const event = await call((cloud) => cloud.events.create.mutate(input));
      await deps.afterChange().catch(() => {});
      return event;
    }),
  });
}
