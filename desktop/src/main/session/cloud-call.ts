import { createCloudClient, toDomainError } from './cloud-client.ts';
import type { SessionService } from './session.service.ts';

export interface CloudCallDeps {
  session: SessionService;
  /** Runs after a change made in the cloud (a sync), so the local store shows it. */
  afterChange: () => Promise<unknown>;
}

/**
 * Calls the cloud with the session's token (the renderer never holds it); a failure becomes our
 * DomainError. `changed` syncs after a change so the local store catches up.
 */
export function cloudCall(deps: CloudCallDeps) {
  const call = async <T>(run: (client: ReturnType<typeof createCloudClient>) => Promise<T>): Promise<T> => {
    const session = await deps.session.require();
    try {
      return await run(createCloudClient(session));
    } catch (error) {
      throw toDomainError(error, session.cloudUrl);
    }
  };
  const changed = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result;
    await deps.afterChange().catch(() => {});
    return value;
  };
  return { call, changed };
}
