import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PullResponse } from '@sparkmotion/shared/sync/protocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LocalStore } from './local-store.ts';

let dir: string;
let store: LocalStore;
const orgId = randomUUID();
const eventId = randomUUID();
const event = {
  id: eventId,
  orgId,
  name: 'Fest',
  timezone: 'Europe/Paris',
  fallbackUrl: 'https://fest.example',
  overrideMode: null,
};

function page(partial: Partial<PullResponse>): PullResponse {
  return {
    reset: false,
    changes: [],
    tombstones: [],
    cursor: '1.00000000',
    hasMore: false,
    lastMutationId: 0,
    ...partial,
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-store-'));
  store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
  await store.applyPull(
    page({
      reset: true,
      changes: [
        { entity: 'organization', id: orgId, version: '1', row: { id: orgId, name: 'Org', role: 'OWNER' } },
        { entity: 'event', id: eventId, version: '2', row: event },
      ],
      cursor: '2.00000000',
    }),
  );
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const registration = (bandId: string, uid: string) => ({
  bandId,
  uid,
  eventId,
  stationId: 'desk-1',
  registeredAt: '2026-07-01T10:00:00.000Z',
});

describe('local store', () => {
  test('applies a mutation to the view at once and queues it durably across a reopen', async () => {
    const id = await store.mutate('band.register', registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'));
    expect(id).toBe(1);
    expect((await store.band({ uid: '04a1b2c3d4e5f6' }))?.bandId).toBe('AAAAAAAAAAAAAAAA');
    const file = join(dir, 'store.sqlite');
    const clientId = store.clientId;
    await store.close();
    store = await LocalStore.open({ file });
    expect(store.clientId).toBe(clientId);
    expect(await store.pendingMutations(10)).toEqual([
      { mutationId: 1, name: 'band.register', args: registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6') },
    ]);
    expect(await store.mutate('event.update', { eventId, patch: { name: 'Fest 2026' } })).toBe(2);
  });

  test('refuses at once a tag already registered as another band, and queues nothing', async () => {
    await store.mutate('band.register', registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'));
    await expect(
      store.mutate('band.register', registration('BBBBBBBBBBBBBBBB', '04A1B2C3D4E5F6')),
    ).rejects.toMatchObject({
      code: 'BAND_ALREADY_REGISTERED',
    });
    expect(await store.pendingCount()).toBe(1);
  });

  test('refuses at once a change to a band or an event it does not hold, and queues nothing', async () => {
    await expect(store.mutate('band.reassign', { bandId: 'AAAAAAAAAAAAAAAA', eventId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      store.mutate('event.update', { eventId: randomUUID(), patch: { name: 'Nowhere' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.pendingCount()).toBe(0);
  });

  test('a band registered again in place keeps what the cloud said of it', async () => {
    await store.mutate('band.register', registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'));
    await store.mutate('band.reassign', { bandId: 'AAAAAAAAAAAAAAAA', eventId });
    await store.applyPull(
      page({
        changes: [
          {
            entity: 'band',
            id: 'row-1',
            version: '3',
            row: { ...registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'), id: 'row-1', status: 'DISABLED' },
          },
        ],
        cursor: '3.00000000',
      }),
    );
    await store.mutate('band.register', { ...registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'), secretVersion: 2 });
    expect(await store.band({ uid: '04a1b2c3d4e5f6' })).toMatchObject({ status: 'DISABLED', secretVersion: 2 });
  });

  test('a re-encode queued at an older secret version never moves the band back', async () => {
    const at = (secretVersion: number) => ({ ...registration('AAAAAAAAAAAAAAAA', '04A1B2C3D4E5F6'), secretVersion });
    await store.mutate('band.register', at(3));
    await store.mutate('band.register', at(2));
    expect(await store.band({ uid: '04a1b2c3d4e5f6' })).toMatchObject({ secretVersion: 3 });
    await store.mutate('band.register', at(4));
    expect(await store.band({ uid: '04a1b2c3d4e5f6' })).toMatchObject({ secretVersion: 4 });
  });

  describe("saving an event's windows as one change", () => {
    const live = randomUUID();
    const post = randomUUID();
    const w = (windowId: string, kind: 'LIVE' | 'POST', startsAt: string, endsAt: string) => ({
      windowId,
      kind,
      url: `https://${kind.toLowerCase()}.example`,
      startsAt,
      endsAt,
    });
    beforeEach(async () => {
      await store.mutate('windows.save', {
        eventId,
        put: [
          w(live, 'LIVE', '2026-07-01T10:00:00.000Z', '2026-07-01T12:00:00.000Z'),
          w(post, 'POST', '2026-07-01T12:00:00.000Z', '2026-07-02T12:00:00.000Z'),
        ],
        remove: [],
      });
    });

    test('moves the LIVE/POST boundary later, though saved one by one the windows would overlap on the way', async () => {
      await store.mutate('windows.save', {
        eventId,
        put: [
          w(live, 'LIVE', '2026-07-01T10:00:00.000Z', '2026-07-01T14:00:00.000Z'),
          w(post, 'POST', '2026-07-01T14:00:00.000Z', '2026-07-02T12:00:00.000Z'),
        ],
        remove: [],
      });
      expect((await store.windows(eventId)).map((x) => [x.kind, x.startsAt, x.endsAt])).toEqual([
        ['LIVE', '2026-07-01T10:00:00.000Z', '2026-07-01T14:00:00.000Z'],
        ['POST', '2026-07-01T14:00:00.000Z', '2026-07-02T12:00:00.000Z'],
      ]);
      expect(await store.pendingCount()).toBe(2);
    });

    test('refuses a save whose resulting set overlaps, and leaves every window and the outbox as they were', async () => {
      await expect(
        store.mutate('windows.save', {
          eventId,
          put: [w(live, 'LIVE', '2026-07-01T10:00:00.000Z', '2026-07-01T14:00:00.000Z')],
          remove: [],
        }),
      ).rejects.toMatchObject({ code: 'WINDOW_OVERLAP' });
      expect((await store.windows(eventId)).map((x) => x.endsAt)).toEqual([
        '2026-07-01T12:00:00.000Z',
        '2026-07-02T12:00:00.000Z',
      ]);
      expect(await store.pendingCount()).toBe(1);
    });

    test('rolls back every window a refused save named, the removed one included', async () => {
      await store.applyPull(
        page({
          changes: [live, post].map((id, i) => ({
            entity: 'window' as const,
            id,
            version: String(10 + i),
            row: {
              id,
              eventId,
              ...w(
                id,
                i ? 'POST' : 'LIVE',
                i ? '2026-07-01T12:00:00.000Z' : '2026-07-01T10:00:00.000Z',
                i ? '2026-07-02T12:00:00.000Z' : '2026-07-01T12:00:00.000Z',
              ),
            },
          })),
          cursor: '12.00000000',
          lastMutationId: 1,
        }),
      );
      await store.mutate('windows.save', {
        eventId,
        put: [w(live, 'LIVE', '2026-07-01T10:00:00.000Z', '2026-07-02T12:00:00.000Z')],
        remove: [post],
      });
      const sent = await store.pendingMutations(10);
      await store.settlePush(sent, {
        lastMutationId: 2,
        results: [{ mutationId: 2, status: 'rejected', code: 'WINDOW_OVERLAP', message: 'overlap' }],
      });
      expect((await store.windows(eventId)).map((x) => x.kind)).toEqual(['LIVE', 'POST']);
    });
  });

  test('refuses at once a window that overlaps one it can see', async () => {
    const window = { eventId, kind: 'LIVE' as const, url: 'https://live.example', startsAt: '2026-07-01T10:00:00Z' };
    await store.mutate('window.create', { ...window, windowId: randomUUID(), endsAt: '2026-07-01T12:00:00Z' });
    await expect(
      store.mutate('window.create', {
        ...window,
        windowId: randomUUID(),
        startsAt: '2026-07-01T11:00:00Z',
        endsAt: '2026-07-01T13:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'WINDOW_OVERLAP' });
  });

  test('rolls a rejected mutation back to the server state and keeps the reason for the UI', async () => {
    await store.mutate('event.update', { eventId, patch: { name: 'Mine' } });
    const sent = await store.pendingMutations(10);
    await store.settlePush(sent, {
      lastMutationId: 1,
      results: [{ mutationId: 1, status: 'rejected', code: 'FORBIDDEN', message: 'Viewers cannot edit events.' }],
    });
    expect((await store.events())[0]?.name).toBe('Fest');
    expect(await store.pendingCount()).toBe(0);
    expect(await store.rejections()).toMatchObject([
      { mutationId: 1, code: 'FORBIDDEN', message: 'Viewers cannot edit events.' },
    ]);
  });

  test('rebases pending edits on pulled server state, field by field', async () => {
    await store.mutate('event.update', { eventId, patch: { name: 'Mine' } });
    await store.applyPull(
      page({
        changes: [{ entity: 'event', id: eventId, version: '3', row: { ...event, timezone: 'UTC', name: 'Theirs' } }],
        cursor: '3.00000000',
      }),
    );
    const [local] = await store.events();
    expect(local).toMatchObject({ name: 'Mine', timezone: 'UTC' });
    expect(await store.cursor()).toBe('3.00000000');
  });

  test('drops mutations the pull says were processed, and applies tombstones', async () => {
    const windowId = randomUUID();
    await store.mutate('window.create', {
      windowId,
      eventId,
      kind: 'PRE',
      url: 'https://pre.example',
      startsAt: '2026-07-01T08:00:00Z',
      endsAt: '2026-07-01T10:00:00Z',
    });
    await store.applyPull(page({ tombstones: [{ entity: 'window', id: windowId, version: '9' }], lastMutationId: 1 }));
    expect(await store.pendingCount()).toBe(0);
    expect(await store.windows(eventId)).toEqual([]);
  });

  test('pages, searches and filters every band of an event, not only the newest', async () => {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
    const bands = Array.from({ length: 650 }, (_, i) => ({
      id: randomUUID(),
      bandId: `B${hex(i)}AAAAAAAAAAA`,
      uid: `04AB${hex(i)}CDEF01`,
      eventId,
      status: i % 10 === 0 ? 'LOST' : 'ACTIVE',
      stationId: i < 325 ? 'desk-1' : 'desk_2',
      registeredAt: new Date(Date.UTC(2026, 6, 1, 10, 0, i)).toISOString(),
    }));
    await store.applyPull(
      page({ changes: bands.map((row) => ({ entity: 'band', id: row.id, version: '3', row })), cursor: '3.00000000' }),
    );

    const first = await store.bands(eventId, { limit: 100 });
    expect(first.total).toBe(650);
    expect(first.bands.map((b) => b.bandId).slice(0, 2)).toEqual(['B0289AAAAAAAAAAA', 'B0288AAAAAAAAAAA']);
    const last = await store.bands(eventId, { limit: 100, offset: 600 });
    expect(last.bands.map((b) => b.bandId).at(-1)).toBe('B0000AAAAAAAAAAA');

    // The oldest band, by a lower-case piece of its tag UID.
    expect(await store.bands(eventId, { search: 'ab0000cd' })).toMatchObject({
      total: 1,
      bands: [{ bandId: 'B0000AAAAAAAAAAA' }],
    });
    expect((await store.bands(eventId, { search: 'DESK-1' })).total).toBe(325);
    expect((await store.bands(eventId, { status: 'LOST' })).total).toBe(65);
    expect((await store.bands(eventId, { status: 'LOST', search: 'desk_2' })).total).toBe(32);
    expect(await store.bands(eventId, { search: 'nothing like it' })).toEqual({ total: 0, bands: [] });
  });
});
