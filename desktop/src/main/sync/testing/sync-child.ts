/**
 * A desktop's sync, as a process of its own, for the crash tests: opens the local store, optionally
 * queues band registrations, then syncs, printing one line per push batch and per pull page so the
 * parent can kill it (SIGKILL) in the middle of either.
 *
 *   node sync-child.ts <store file> <cloud url> <token> <queue count> <event id> <batch> <pull limit> <org id>
 */
import { randomBytes } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import type { MutationName } from '@sparkmotion/shared/sync/mutations';
import { LocalStore } from '../../store/local-store.ts';
import { createSyncEngine } from '../sync-engine.ts';
import { createCloudTransport, type SyncTransport } from '../transport.ts';

const [file, cloudUrl, token, queue, eventId, batch, pullLimit, orgId] = process.argv.slice(2);
const store = await LocalStore.open({ file: file! });
const count = Number(queue);
if (count > 0) {
  const items = Array.from({ length: count }, (_, i) => ({
    name: 'band.register' as MutationName,
    args: {
      bandId: mintBandId(orgBandTag(orgId!), (n) => randomBytes(n)),
      uid: `04${randomBytes(6).toString('hex').toUpperCase()}`,
      eventId,
      stationId: `child-${i % 4}`,
      registeredAt: new Date().toISOString(),
    },
  }));
  await store.mutateMany(items);
  console.log(`queued ${count}`);
}
const cloud = createCloudTransport(async () => ({ cloudUrl: cloudUrl!, token: token!, email: 'child@test' }));
const transport: SyncTransport = {
  async push(request) {
    const response = await cloud.push(request);
    console.log(`pushed ${request.mutations.length}`);
    return response;
  },
  async pull(request) {
    const page = await cloud.pull(request);
    // Printed before the page is applied, so a kill can land while the local transaction runs.
    console.log(`pulled ${page.changes.length}`);
    return page;
  },
};
const engine = createSyncEngine({ store, transport, batchSize: Number(batch), pullLimit: Number(pullLimit) });
const state = await engine.syncNow();
console.log(`done ${JSON.stringify(state)}`);
await engine.stop();
await store.close();
