/**
 * The sync engine against a real cloud (PostgreSQL + Redis) with real SQLite files, through a real TCP
 * hop the tests cut to play the venue's network going down.
 */
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { LocalStore } from '../store/local-store.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';
import { createNetworkSwitch, type NetworkSwitch } from './testing/network-switch.ts';
import { createCloudTransport, type SyncTransport } from './transport.ts';

let t: TestCloud;
let db: pg.Client;
let dir: string;
const closers: Array<() => Promise<unknown>> = [];

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

type Desktop = { store: LocalStore; engine: SyncEngine; net: NetworkSwitch; file: string };

async function desktop(
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

const newBandId = () => mintBandId((n) => randomBytes(n));
const newUid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
const registration = (bandId = newBandId(), uid = newUid(), eventId = t.demo.eventId) => ({
  bandId,
  uid,
  eventId,
  stationId: 'desk',
  registeredAt: '2026-07-01T10:00:00.000Z',
});

/** The event, its windows and its bands as the cloud's database has them. */
async function cloudState(eventId = t.demo.eventId) {
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
async function localState(store: LocalStore, eventId = t.demo.eventId) {
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

describe('sync engine with a real cloud', () => {
  test('two desks edit and register offline, reconnect, and both converge to the cloud state', async () => {
    const a = await desktop();
    const b = await desktop();
    expect((await a.engine.syncNow()).status).toBe('idle');
    expect((await b.engine.syncNow()).status).toBe('idle');
    expect(await a.store.bandCount(t.demo.eventId)).toBeGreaterThan(0);

    await a.net.down();
    await b.net.down();
    const tag = newUid();
    const first = registration(newBandId(), tag);
    const loser = registration(newBandId(), tag);
    await a.store.mutate('event.update', { eventId: t.demo.eventId, patch: { name: 'Fest by A' } });
    await a.store.mutate('band.register', first);
    await a.store.mutate('band.register', registration());
    const windowA = randomUUID();
    await a.store.mutate('window.create', {
      windowId: windowA,
      eventId: t.demo.eventId,
      kind: 'POST',
      url: 'https://a.example/after',
      startsAt: '2032-01-01T10:00:00Z',
      endsAt: '2032-01-01T12:00:00Z',
    });
    await b.store.mutate('event.update', { eventId: t.demo.eventId, patch: { fallbackUrl: 'https://b.example/' } });
    await b.store.mutate('band.register', loser);
    await b.store.mutate('band.register', registration());
    await b.store.mutate('window.create', {
      windowId: randomUUID(),
      eventId: t.demo.eventId,
      kind: 'POST',
      url: 'https://b.example/after',
      startsAt: '2032-01-01T11:00:00Z',
      endsAt: '2032-01-01T13:00:00Z',
    });
    // Offline: each desk sees its own edits at once, and nothing is lost by trying to sync.
    expect((await b.store.band({ uid: tag }))?.bandId).toBe(loser.bandId);
    const offline = await a.engine.syncNow();
    expect(offline).toMatchObject({ status: 'offline', online: false, pending: 4 });
    expect((await b.engine.syncNow()).pending).toBe(4);

    await a.net.up();
    await b.net.up();
    expect((await a.engine.syncNow()).status).toBe('idle');
    const afterB = await b.engine.syncNow();
    expect(afterB).toMatchObject({ status: 'idle', pending: 0, rejections: 2 });
    await a.engine.syncNow();

    const cloud = await cloudState();
    // Last writer wins per field: A's name and B's fallback URL both stand.
    expect(cloud.event).toMatchObject({ name: 'Fest by A', fallbackUrl: 'https://b.example/' });
    // First wins on the tag; the overlapping window of B is refused.
    expect(cloud.bands.filter((x) => x.uid === tag)).toEqual([{ bandId: first.bandId, uid: tag }]);
    expect(cloud.windows.filter((w) => w.startsAt.startsWith('2032'))).toHaveLength(1);
    expect(await localState(a.store)).toEqual(cloud);
    expect(await localState(b.store)).toEqual(cloud);
    // B is told what was undone and why.
    const rejections = await b.store.rejections();
    expect(rejections.map((r) => r.code).sort()).toEqual(['BAND_ALREADY_REGISTERED', 'WINDOW_OVERLAP']);
    expect(rejections.find((r) => r.code === 'WINDOW_OVERLAP')?.message).toMatch(/overlap/i);
  });

  test('a rejected window is rolled back locally with the reason', async () => {
    const d = await desktop();
    await d.engine.syncNow();
    const existing = await db.query('select starts_at, ends_at from event_windows where event_id = $1 limit 1', [
      t.demo.eventId,
    ]);
    const windowId = randomUUID();
    // Another console moved a window into this slot while the desk was offline: locally it looks free.
    await d.net.down();
    await db.query(
      "update event_windows set starts_at = '2033-05-01T10:00:00Z', ends_at = '2033-05-01T12:00:00Z' where event_id = $1 and starts_at = $2",
      [t.demo.eventId, existing.rows[0].starts_at],
    );
    await d.store.mutate('window.create', {
      windowId,
      eventId: t.demo.eventId,
      kind: 'LIVE',
      url: 'https://live.example',
      startsAt: '2033-05-01T11:00:00Z',
      endsAt: '2033-05-01T11:30:00Z',
    });
    expect((await d.store.windows(t.demo.eventId)).some((w) => w.id === windowId)).toBe(true);
    await d.net.up();
    await d.engine.syncNow();
    expect((await d.store.windows(t.demo.eventId)).some((w) => w.id === windowId)).toBe(false);
    expect(await d.store.rejections()).toMatchObject([{ name: 'window.create', code: 'WINDOW_OVERLAP' }]);
    expect(await localState(d.store)).toEqual(await cloudState());
  });

  test('a push whose response is lost is replayed and applied once', async () => {
    let drop = 1;
    const d = await desktop({
      wrap: (cloud) => ({
        pull: (request) => cloud.pull(request),
        async push(request) {
          const response = await cloud.push(request);
          if (drop-- > 0) throw Object.assign(new Error('connection reset'), { name: 'TRPCClientError' });
          return response;
        },
      }),
    });
    const bands = Array.from({ length: 5 }, () => registration());
    for (const band of bands) await d.store.mutate('band.register', band);
    expect((await d.engine.syncNow()).status).toBe('offline');
    expect(await d.store.pendingCount()).toBe(5);
    expect((await d.engine.syncNow()).status).toBe('idle');
    const rows = await db.query(
      'select band_id from bands where band_id in (select jsonb_array_elements_text($1::jsonb))',
      [JSON.stringify(bands.map((b) => b.bandId))],
    );
    expect(rows.rowCount).toBe(5);
    expect(await d.store.pendingCount()).toBe(0);
    expect(await d.store.rejections()).toEqual([]);
  });

  test('with an expired session it keeps queuing, asks to sign in, and syncs after a new sign-in', async () => {
    const user = await t.newUser('Desk Operator');
    await db.query("insert into org_members (id, org_id, user_id, role) values (gen_random_uuid(), $1, $2, 'EDITOR')", [
      t.demo.orgId,
      user.userId,
    ]);
    let token = user.token;
    const d = await desktop({ token: () => token });
    await d.engine.syncNow();
    await db.query('update sessions set revoked_at = now() where user_id = $1', [user.userId]);
    const band = registration();
    await d.store.mutate('band.register', band);
    const state = await d.engine.syncNow();
    expect(state).toMatchObject({ status: 'needs-sign-in', pending: 1, lastError: { code: 'SESSION_EXPIRED' } });
    await d.store.mutate('band.register', registration());
    expect((await d.engine.syncNow()).status).toBe('needs-sign-in');
    expect(await d.store.pendingCount()).toBe(2);

    token = (await (await t.caller(null)).auth.login({ email: user.email, password: user.password })).token;
    d.engine.signedIn();
    await d.engine.start();
    await vi.waitFor(() => expect(d.engine.state()).toMatchObject({ status: 'idle', pending: 0 }), { timeout: 10_000 });
    expect((await db.query('select 1 from bands where band_id = $1', [band.bandId])).rowCount).toBe(1);
  });

  test('another account signing in starts a fresh replica, but never over unsynced changes', async () => {
    const other = await t.newUser('Other Account');
    let account = { token: t.token, email: 'owner@test' };
    const d = await desktop({ token: () => account.token, email: () => account.email });
    await d.engine.syncNow();
    expect(await d.store.events()).not.toEqual([]);
    const firstClient = d.store.clientId;

    account = { token: other.token, email: other.email };
    expect((await d.engine.syncNow()).status).toBe('idle');
    expect(d.store.clientId).not.toBe(firstClient);
    expect(await d.store.events()).toEqual([]);

    await db.query("insert into org_members (id, org_id, user_id, role) values (gen_random_uuid(), $1, $2, 'EDITOR')", [
      t.demo.orgId,
      other.userId,
    ]);
    await d.engine.syncNow();
    await d.store.mutate('band.register', registration());
    account = { token: t.token, email: 'owner@test' };
    const state = await d.engine.syncNow();
    expect(state.status).toBe('needs-sign-in');
    expect(state.lastError?.message).toContain(other.email);
    expect(await d.store.pendingCount()).toBe(1);
  });

  test('a store restored from an older copy moves its pending changes to a new client id instead of losing them', async () => {
    const file = join(dir, 'restored.sqlite');
    const open = async () => {
      const store = await LocalStore.open({ file });
      const transport = createCloudTransport(async () => ({ cloudUrl: t.url, token: t.token, email: 'desk@test' }));
      return { store, engine: createSyncEngine({ store, transport }) };
    };
    let d = await open();
    const early = [registration(), registration()];
    for (const band of early) await d.store.mutate('band.register', band);
    await d.store.close();
    await copyFile(file, `${file}.backup`);
    d = await open();
    await d.engine.syncNow();
    await d.store.mutate('band.register', registration());
    await d.store.mutate('band.register', registration());
    await d.engine.syncNow();
    const clientId = d.store.clientId;
    await d.store.close();

    await copyFile(`${file}.backup`, file);
    d = await open();
    closers.push(() => d.store.close());
    const late = registration();
    await d.store.mutate('band.register', late);
    expect(await d.store.pendingCount()).toBe(3);
    expect((await d.engine.syncNow()).status).toBe('idle');
    expect(d.store.clientId).not.toBe(clientId);
    expect(await d.store.pendingCount()).toBe(0);
    expect((await db.query('select 1 from bands where band_id = $1', [late.bandId])).rowCount).toBe(1);
    const earlyRows = await db.query('select band_id from bands where band_id = any($1)', [early.map((b) => b.bandId)]);
    expect(earlyRows.rowCount).toBe(2);
    expect(await d.store.rejections()).toEqual([]);
  });

  test('running on its own, it backs off while the network is down and syncs when it returns', async () => {
    const d = await desktop();
    await d.net.down();
    await d.engine.start();
    const band = registration();
    await d.store.mutate('band.register', band);
    await vi.waitFor(() => expect(d.engine.state()).toMatchObject({ status: 'offline', pending: 1 }));
    expect(d.engine.state().nextAttemptAt).not.toBeNull();
    await d.net.up();
    d.engine.setOnline(true);
    await vi.waitFor(() => expect(d.engine.state()).toMatchObject({ status: 'idle', online: true, pending: 0 }), {
      timeout: 10_000,
    });
    expect(d.engine.state().lastSyncAt).not.toBeNull();
    expect((await db.query('select 1 from bands where band_id = $1', [band.bandId])).rowCount).toBe(1);
  });
});

describe('a desktop killed mid-sync', { timeout: 90_000 }, () => {
  const child = (file: string, args: { queue: number; batch: number; pullLimit: number }, killAfter?: RegExp) =>
    new Promise<{ killed: boolean; output: string }>((resolve, reject) => {
      const proc = fork(
        join(import.meta.dirname, 'testing/sync-child.ts'),
        [file, t.url, t.token, String(args.queue), t.demo.eventId, String(args.batch), String(args.pullLimit)],
        { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
      );
      let output = '';
      let seen = 0;
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (killAfter && (output.match(new RegExp(killAfter, 'g'))?.length ?? 0) > seen) {
          seen += 1;
          if (seen >= 2) proc.kill('SIGKILL');
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      proc.on('error', reject);
      proc.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', output }));
    });

  test('killed mid-push then restarted: nothing lost, nothing doubled', async () => {
    const file = join(dir, 'killed-push.sqlite');
    const before = Number((await db.query('select count(*) from bands')).rows[0].count);
    const run = await child(file, { queue: 1000, batch: 100, pullLimit: 5000 }, /pushed \d+/);
    expect(run.killed).toBe(true);
    const partial = Number((await db.query('select count(*) from bands')).rows[0].count) - before;
    expect(partial).toBeLessThan(1000);
    const rerun = await child(file, { queue: 0, batch: 500, pullLimit: 5000 });
    expect(rerun.output).toMatch(/done .*"pending":0/);
    const store = await LocalStore.open({ file });
    closers.push(() => store.close());
    const queued = (await store.bands(t.demo.eventId, { limit: 100_000 })).bands.filter((b) =>
      b.stationId?.startsWith('child-'),
    );
    expect(queued).toHaveLength(1000);
    const inCloud = await db.query(
      "select band_id, count(*)::int as n from bands where station_id like 'child-%' group by band_id",
    );
    expect(inCloud.rowCount).toBe(1000);
    expect(inCloud.rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(inCloud.rows.map((r) => r.band_id))).toEqual(new Set(queued.map((b) => b.bandId)));
  });

  test('killed mid-pull then restarted: the replica ends equal to the cloud', async () => {
    // Enough rows for many pull pages, whatever ran before.
    await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: Array.from({ length: 1000 }, (_, i) => ({
        mutationId: i + 1,
        name: 'band.register',
        args: registration(),
      })),
    });
    const file = join(dir, 'killed-pull.sqlite');
    const run = await child(file, { queue: 0, batch: 100, pullLimit: 100 }, /pulled \d+/);
    expect(run.killed).toBe(true);
    const rerun = await child(file, { queue: 0, batch: 100, pullLimit: 1000 });
    expect(rerun.output).toMatch(/done .*"status":"idle"/);
    const store = await LocalStore.open({ file });
    closers.push(() => store.close());
    expect(await localState(store)).toEqual(await cloudState());
  });
});
