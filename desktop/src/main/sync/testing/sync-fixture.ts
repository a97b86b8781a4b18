/**
 * What the sync integration tests share: a real cloud (PostgreSQL + Redis) per test file, desktops with
 * real SQLite files behind a network switch the tests cut, and both sides' view of an event.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { LocalStore } from '../../store/local-store.ts';
import { createSyncEngine, type SyncEngine } from '../sync-engine.ts';
import { createCloudTransport, type SyncTransport } from '../transport.ts';
import { createNetworkSwitch, type NetworkSwitch } from './network-switch.ts';

// Live bindings: set in the file's beforeAll, read by its tests.
export let t: TestCloud;
export let db: pg.Client;
export let dir: string;
/** Closed after the file's tests, last opened first. */
export const closers: Array<() => Promise<unknown>> = [];

/** Starts the cloud before the file's tests and closes everything after them. */
export function syncCloudPerFile(): void {
  beforeAll(async () => {
    t = await startTestCloud();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    dir = await mkdtemp(join(tmpdir(), 'sm-sync-'));
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await db?.end();
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });
}

type Desktop = { store: LocalStore; engine: SyncEngine; net: NetworkSwitch; file: string };

export async function desktop(
  options: { token?: () => string; email?: () => string; wrap?: (t: SyncTransport) => SyncTransport } = {},
) {
  const net = await createNetworkSwitch(t.url);
  const file = join(dir, `${randomUUID()}.sqlite`);
  const store = await LocalStore.open({ file });
  const token = options.token ?? (() => t.token);
  const email = options.email ?? (() => 'desk@test');
  const cloud = createCloudTransport(async () => ({ cloudUrl: net.url, token: token(), email: email() }));
  const engine = createSyncEngine({
    store,
    transport: options.wrap ? options.wrap(cloud) : cloud,
    backoff: { baseMs: 20, maxMs: 200 },
    debounceMs: 10,
  });
  closers.push(
    () => net.close(),
    () => engine.stop(),
    () => store.close(),
  );
  return { store, engine, net, file } satisfies Desktop;
}

export const newBandId = (orgId = t.demo.orgId) => mintBandId(orgBandTag(orgId), (n) => randomBytes(n));
export const newUid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
export const registration = (bandId = newBandId(), uid = newUid(), eventId = t.demo.eventId) => ({
  bandId,
  uid,
  eventId,
  stationId: 'desk',
  registeredAt: '2026-07-01T10:00:00.000Z',
});

/** The event, its windows and its bands as the cloud's database has them. */
export async function cloudState(eventId = t.demo.eventId) {
  const event = await db.query(
    'select name, timezone, fallback_url as "fallbackUrl", override_mode as "overrideMode" from events where id = $1',
    [eventId],
  );
  const windows = await db.query(
    'select id, kind, url, starts_at as "startsAt", ends_at as "endsAt" from event_windows where event_id = $1 order by id',
    [eventId],
  );
  const bands = await db.query('select band_id as "bandId", uid from bands where event_id = $1 order by band_id', [
    eventId,
  ]);
  return {
    event: event.rows[0],
    windows: windows.rows.map((w) => ({ ...w, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() })),
    bands: bands.rows,
  };
}

/** The same, as a desktop's local store shows it. */
export async function localState(store: LocalStore, eventId = t.demo.eventId) {
  const event = (await store.events()).find((e) => e.id === eventId)!;
  const windows = (await store.windows(eventId)).sort((a, b) => a.id.localeCompare(b.id));
  const bands = (await store.bands(eventId, { limit: 100_000 })).bands.sort((a, b) =>
    a.bandId < b.bandId ? -1 : a.bandId > b.bandId ? 1 : 0,
  );
  return {
    event: {
      name: event.name,
      timezone: event.timezone,
      fallbackUrl: event.fallbackUrl,
      overrideMode: event.overrideMode,
    },
    windows: windows.map((w) => ({
      id: w.id,
      kind: w.kind,
      url: w.url,
      startsAt: new Date(w.startsAt).toISOString(),
      endsAt: new Date(w.endsAt).toISOString(),
    })),
    bands: bands.map((b) => ({ bandId: b.bandId, uid: b.uid })),
  };
}
