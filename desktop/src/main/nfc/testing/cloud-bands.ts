/**
 * For tests of bands encoded at the desk and tapped through a real cloud: registrations go the product's way
 * (the desk's local store, the sync engine), phones tap through the redirect, TapLog gives the verdicts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHONE_USER_AGENT, startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { createStoreBandRegistry } from '../../store/band-registry.ts';
import { LocalStore } from '../../store/local-store.ts';
import { createSyncEngine } from '../../sync/sync-engine.ts';
import { createCloudTransport } from '../../sync/transport.ts';
import type { BandRegistration } from '../band-registry.ts';

/** A real cloud, a connection to its database and the desk's local store, for one test file. */
export interface CloudDesk {
  cloud: TestCloud;
  db: pg.Client;
  store: LocalStore;
}

/** Starts a cloud and opens a desk store (in a temporary folder named from `tmpPrefix`) around a file's tests. */
export function cloudDeskPerFile(tmpPrefix: string): CloudDesk {
  const desk = {} as CloudDesk;
  let dir: string | undefined;
  beforeAll(async () => {
    desk.cloud = await startTestCloud();
    desk.db = new pg.Client({ connectionString: desk.cloud.databaseUrl });
    await desk.db.connect();
    dir = await mkdtemp(join(tmpdir(), tmpPrefix));
    desk.store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
  });
  afterAll(async () => {
    await desk.store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await desk.db?.end();
    await desk.cloud?.close();
  });
  return desk;
}

/** Queues the registrations in the desk's store and syncs them to the cloud, which must accept them all. */
export async function syncRegistrations(
  store: LocalStore,
  cloud: TestCloud,
  registrations: readonly BandRegistration[],
): Promise<void> {
  const engine = createSyncEngine({
    store,
    transport: createCloudTransport(async () => ({ cloudUrl: cloud.url, token: cloud.token, email: 'desk@test' })),
    backoff: { baseMs: 20, maxMs: 200 },
    debounceMs: 10,
  });
  try {
    expect((await engine.syncNow()).status).toBe('idle'); // the replica knows the event
    const registry = createStoreBandRegistry(store);
    for (const registration of registrations) await registry.register(registration);
    expect(await engine.syncNow()).toMatchObject({ status: 'idle', pending: 0, rejections: 0 });
  } finally {
    await engine.stop();
  }
}

/** A phone opening the URL a tag presented; the tap's id. */
export async function phoneTap(url: string | null): Promise<string> {
  if (url === null) throw new Error('the tag presented no URL');
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } });
  expect(response.status).toBe(302);
  return response.headers.get('x-tap-id')!;
}

/** Each tap's `verdict reason` on TapLog, in the order of `ids`, once the pipeline has written them. */
export async function tapVerdicts(cloud: TestCloud, ids: readonly string[]): Promise<(string | undefined)[]> {
  await cloud.cloud.taps.drain();
  const { rows } = await cloud.db.query<{ id: string; trust_verdict: string; trust_reason: string }>(
    'select id, trust_verdict, trust_reason from tap_log where id = any($1::uuid[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, `${row.trust_verdict} ${row.trust_reason}`]));
  return ids.map((id) => byId.get(id));
}

/** A new user who has joined the demo organization with `role`. */
export async function newMember(cloud: TestCloud, role: 'EDITOR' | 'VIEWER', name: string) {
  const user = await cloud.newUser(name);
  const invite = await cloud.client.orgs.invite.mutate({ orgId: cloud.demo.orgId, email: user.email, role });
  await user.caller.orgs.acceptInvite({ token: invite.token });
  return user;
}
