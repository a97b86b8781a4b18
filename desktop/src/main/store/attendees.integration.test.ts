import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { BandRow, PullResponse } from '@sparkmotion/shared/sync/protocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LocalStore } from './local-store.ts';
import { seedEvent } from './testing/seed-replica.ts';

let dir: string;
let store: LocalStore;
let eventId: string;
const ann = { name: 'Anna Müller', email: 'anna@example.com', ticketCode: 'VIP-042' };

const page = (partial: Partial<PullResponse>): PullResponse => ({
  reset: false,
  changes: [],
  tombstones: [],
  cursor: '10.00000000',
  hasMore: false,
  lastMutationId: 0,
  ...partial,
});

const band = (bandId: string, attendee: BandRow['attendee'], i = 0): BandRow => ({
  id: randomUUID(),
  bandId,
  uid: `04AB${i.toString(16).toUpperCase().padStart(4, '0')}CDEF01`,
  eventId,
  status: 'ACTIVE',
  stationId: 'desk-1',
  registeredAt: new Date(Date.UTC(2026, 6, 1, 10, 0, i)).toISOString(),
  trust: 'NONE',
  attendee,
});

const pulled = (...rows: BandRow[]) =>
  store.applyPull(page({ changes: rows.map((row) => ({ entity: 'band', id: row.bandId, version: '5', row })) }));

const attendeeOf = async (bandId: string) => {
  const b = await store.band({ bandId });
  return b && { name: b.attendeeName, email: b.attendeeEmail, ticketCode: b.attendeeTicketCode };
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-attendees-'));
  store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
  ({ eventId } = await seedEvent(store));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("bands' attendees in the local store", () => {
  test("holds a pulled band's attendee and the organization's rule for this desk", async () => {
    await pulled(band('AAAAAAAAAAAAAAAA', ann));
    expect(await attendeeOf('AAAAAAAAAAAAAAAA')).toEqual(ann);
    expect((await store.organizations())[0]).toMatchObject({ attendees: 'FULL' });
    await pulled(band('AAAAAAAAAAAAAAAA', null));
    expect(await attendeeOf('AAAAAAAAAAAAAAAA')).toEqual({ name: null, email: null, ticketCode: null });
  });

  test('finds a band by a piece of its attendee name, email or ticket code, in any case, offline', async () => {
    await pulled(
      band('AAAAAAAAAAAAAAAA', ann, 1),
      band('AAAAAAAAAAAAAAAB', { name: 'Bo', email: null, ticketCode: 'GA-7' }, 2),
      band('AAAAAAAAAAAAAAAC', null, 3),
    );
    const found = async (search: string) => (await store.bands(eventId, { search })).bands.map((b) => b.bandId);
    expect(await found('MÜLLER')).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await found('anna@EXAMPLE')).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await found('vip-04')).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await found('ga-7')).toEqual(['AAAAAAAAAAAAAAAB']);
    expect(await found('ab0003')).toEqual(['AAAAAAAAAAAAAAAC']);
    expect(await store.bands(eventId, { search: 'nobody' })).toEqual({ bands: [], total: 0 });
  });

  test('finds an attendee with or without accents, as the list screens do', async () => {
    await pulled(band('AAAAAAAAAAAAAAAA', ann, 1), band('AAAAAAAAAAAAAAAB', { ...ann, name: 'José Zürich' }, 2));
    await store.mutate('band.setAttendee', { bandId: 'AAAAAAAAAAAAAAAA', attendee: { name: 'Anna Mu\u0308ller' } });
    const found = async (search: string) => (await store.bands(eventId, { search })).bands.map((b) => b.bandId);
    expect(await found('muller')).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await found('Müller')).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await found('jose zurich')).toEqual(['AAAAAAAAAAAAAAAB']);
    expect(await found('ZÜRICH')).toEqual(['AAAAAAAAAAAAAAAB']);
  });

  test('a replica whose search copies kept accents folds them again when it opens, keeping its cursor', async () => {
    await pulled(band('AAAAAAAAAAAAAAAA', ann, 1), band('AAAAAAAAAAAAAAAB', null, 2));
    const file = join(dir, 'store.sqlite');
    await store.close();
    const sqlite = new DatabaseSync(file);
    sqlite.prepare("update band set attendee_search = lower(attendee_name) where band_id = 'AAAAAAAAAAAAAAAA'").run();
    sqlite.prepare("update sync_meta set value = '2' where key = 'replicaFormat'").run();
    sqlite.close();
    store = await LocalStore.open({ file });
    expect((await store.bands(eventId, { search: 'muller' })).bands.map((b) => b.bandId)).toEqual(['AAAAAAAAAAAAAAAA']);
    expect(await store.cursor()).toBe('10.00000000');
  });

  test('links an attendee at once and queues it; a pull of the older server state keeps the edit on top', async () => {
    await pulled(band('AAAAAAAAAAAAAAAA', ann));
    const id = await store.mutate('band.setAttendee', { bandId: 'AAAAAAAAAAAAAAAA', attendee: { ticketCode: 'T-9' } });
    expect(await attendeeOf('AAAAAAAAAAAAAAAA')).toEqual({ ...ann, ticketCode: 'T-9' });
    expect(await store.pendingMutations(10)).toEqual([
      {
        mutationId: id,
        name: 'band.setAttendee',
        args: { bandId: 'AAAAAAAAAAAAAAAA', attendee: { ticketCode: 'T-9' } },
      },
    ]);
    expect((await store.bands(eventId, { search: 't-9' })).total).toBe(1);

    // Another desk renamed the attendee meanwhile: both changes stand, field by field.
    await pulled(band('AAAAAAAAAAAAAAAA', { ...ann, name: 'Anna Schmidt' }));
    expect(await attendeeOf('AAAAAAAAAAAAAAAA')).toEqual({ ...ann, name: 'Anna Schmidt', ticketCode: 'T-9' });
    expect((await store.bands(eventId, { search: 'vip-042' })).total).toBe(0);

    await store.mutate('band.setAttendee', { bandId: 'AAAAAAAAAAAAAAAA', attendee: null });
    expect(await attendeeOf('AAAAAAAAAAAAAAAA')).toEqual({ name: null, email: null, ticketCode: null });
    expect((await store.bands(eventId, { search: 'anna' })).total).toBe(0);
  });

  test('refuses at once a band it does not know, and queues nothing', async () => {
    await expect(
      store.mutate('band.setAttendee', { bandId: 'AAAAAAAAAAAAAAAZ', attendee: { name: 'X' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.pendingCount()).toBe(0);
  });

  test('a band registered here keeps the attendee the cloud sent when its registration replays on a pull', async () => {
    const registration = {
      bandId: 'AAAAAAAAAAAAAAAD',
      uid: '04A1B2C3D4E5F6',
      eventId,
      stationId: 'desk-1',
      registeredAt: '2026-07-01T10:00:00.000Z',
    };
    await store.mutate('band.register', registration);
    await pulled({ ...band('AAAAAAAAAAAAAAAD', ann), uid: registration.uid });
    expect(await attendeeOf('AAAAAAAAAAAAAAAD')).toEqual(ann);
  });

  test('a replica made before attendees were replicated pulls everything again once, keeping its outbox', async () => {
    await pulled(band('AAAAAAAAAAAAAAAA', null));
    await store.mutate('event.update', { eventId, patch: { name: 'Pending rename' } });
    await store.setMeta('replicaFormat', '1');
    const file = join(dir, 'store.sqlite');
    await store.close();
    store = await LocalStore.open({ file });
    expect(await store.cursor()).toBeNull();
    expect(await store.pendingCount()).toBe(1);
    await store.applyPull(page({ cursor: '11.00000000' }));
    await store.close();
    store = await LocalStore.open({ file });
    expect(await store.cursor()).toBe('11.00000000');
  });
});
