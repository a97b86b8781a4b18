import { randomUUID } from 'node:crypto';
import type { LocalStore } from '../local-store.ts';

/** Pulls one organization (this desk holding its attendees in full) with one event into an empty replica. */
export async function seedEvent(store: LocalStore): Promise<{ orgId: string; eventId: string }> {
  const orgId = randomUUID();
  const eventId = randomUUID();
  await store.applyPull({
    reset: true,
    changes: [
      {
        entity: 'organization',
        id: orgId,
        version: '1',
        row: { id: orgId, name: 'Org', role: 'OWNER', attendees: 'FULL' },
      },
      {
        entity: 'event',
        id: eventId,
        version: '2',
        row: {
          id: eventId,
          orgId,
          name: 'Fest',
          timezone: 'UTC',
          fallbackUrl: 'https://x.example',
          overrideMode: null,
        },
      },
    ],
    tombstones: [],
    cursor: '2.00000000',
    hasMore: false,
    lastMutationId: 0,
  });
  return { orgId, eventId };
}
