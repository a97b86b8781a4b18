/**
 * The sync engine against a real cloud (PostgreSQL + Redis) with real SQLite files, through a real TCP
 * hop the tests cut to play the venue's network going down.
 */
import { randomUUID } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, test, vi } from 'vitest';
import { LocalStore } from '../store/local-store.ts';
import { createSyncEngine } from './sync-engine.ts';
import {
  closers,
  cloudState,
  db,
  desktop,
  dir,
  localState,
  newBandId,
  newUid,
  registration,
  syncCloudPerFile,
  t,
} from './testing/sync-fixture.ts';
import { createCloudTransport } from './transport.ts';

syncCloudPerFile();

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

  test('a NUL typed at the desk is refused locally; one an older desk queued is rejected alone and the queue moves on', async () => {
    const d = await desktop();
    await d.engine.syncNow();
    const [first, second] = t.demo.bandIds;
    await expect(
      d.store.mutate('band.setAttendee', { bandId: first!, attendee: { name: 'Zo\u0000e' } }),
    ).rejects.toThrow(/NUL character or an unpaired surrogate/);
    expect(await d.store.pendingCount()).toBe(0);
    // A desk from before the check queued such a name: the cloud rejects that mutation alone.
    const queued = await d.store.mutate('band.setAttendee', { bandId: first!, attendee: { name: 'Zoe' } });
    const sqlite = new DatabaseSync(d.file);
    sqlite
      .prepare('update outbox set args = ? where mutation_id = ?')
      .run(JSON.stringify({ bandId: first, attendee: { name: 'Zo\u0000e' } }), queued);
    sqlite.close();
    await d.store.mutate('band.setAttendee', { bandId: second!, attendee: { name: 'Behind it' } });
    const st = await d.engine.syncNow();
    console.log('STATE', JSON.stringify(st));
    expect(st.status).toBe('idle');
    expect(await d.store.pendingCount()).toBe(0);
    expect(await d.store.rejections()).toMatchObject([{ name: 'band.setAttendee', code: 'BAD_INPUT' }]);
    const names = await db.query(
      'select a.name from band_attendees a join bands b on b.id = a.band_id where b.band_id = $1',
      [second],
    );
    expect(names.rows[0]?.name).toBe('Behind it');
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
