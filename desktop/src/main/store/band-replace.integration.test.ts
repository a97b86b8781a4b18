import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PullResponse } from '@sparkmotion/shared/sync/protocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LocalStore } from './local-store.ts';
import { seedEvent } from './testing/seed-replica.ts';

/** Lost & replace in the desk's replica: `band.replace` applied at once, offline, and rebased like any mutation. */
let dir: string;
let store: LocalStore;
let eventId: string;
let lostRow: ReturnType<typeof lostRowOf>;
const lostId = randomUUID();
const LOST = 'LostBand00000001';
const NEW = 'NewBand000000001';
const at = '2026-07-01T10:00:00.000Z';
const lostRowOf = (eventId: string) => ({
  id: lostId,
  bandId: LOST,
  uid: '04AAAAAAAAAAAA',
  eventId,
  status: 'ACTIVE',
  stationId: 'desk-1',
  registeredAt: at,
  trust: 'NONE',
  replacedBy: null,
});

const page = (changes: PullResponse['changes'], cursor: string): PullResponse => ({
  reset: false,
  changes,
  tombstones: [],
  cursor,
  hasMore: false,
  lastMutationId: 0,
});

const replace = (overrides: Record<string, string> = {}) =>
  store.mutate('band.replace', {
    lostBandId: LOST,
    bandId: NEW,
    uid: '04BBBBBBBBBBBB',
    stationId: 'desk-2',
    registeredAt: at,
    ...overrides,
  } as never);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-replace-store-'));
  store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
  ({ eventId } = await seedEvent(store));
  lostRow = lostRowOf(eventId);
  await store.applyPull(page([{ entity: 'band', id: LOST, version: '3', row: lostRow }], '3.00000000'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('band.replace in the local store', () => {
  test('marks the lost band LOST pointing to its replacement, registered in its event, at once', async () => {
    await replace();
    expect(await store.band({ bandId: LOST })).toMatchObject({ status: 'LOST', replacedBy: NEW });
    expect(await store.band({ bandId: NEW })).toMatchObject({
      status: 'ACTIVE',
      uid: '04BBBBBBBBBBBB',
      eventId,
      stationId: 'desk-2',
      replacedBy: null,
    });
    expect(await store.pendingCount()).toBe(1);
  });

  test.each([
    ['an unknown lost band', { lostBandId: 'NobodyKnowsBand1' }, 'NOT_FOUND'],
    ['a tag that is another live band', { uid: '04CCCCCCCCCCCC' }, 'BAND_ALREADY_REGISTERED'],
    ['a new band id already taken', { bandId: 'Holder0000000001' }, 'BAND_ALREADY_REGISTERED'],
  ])('refuses %s at once and queues nothing', async (_case, overrides, code) => {
    await store.mutate('band.register', { ...lostRow, bandId: 'Holder0000000001', uid: '04CCCCCCCCCCCC' } as never);
    const pending = await store.pendingCount();
    await expect(replace(overrides)).rejects.toMatchObject({ code });
    expect(await store.pendingCount()).toBe(pending);
    expect(await store.band({ bandId: LOST })).toMatchObject({ status: 'ACTIVE', replacedBy: null });
  });

  test("reuses the lost band's own tag, as the cloud allows", async () => {
    await replace({ uid: lostRow.uid });
    expect(await store.band({ bandId: NEW })).toMatchObject({ uid: lostRow.uid, status: 'ACTIVE' });
  });

  test('refuses a second replacement of the same band, but applying the same one again is fine', async () => {
    await replace();
    await expect(replace({ bandId: 'AnotherBand00001', uid: '04DDDDDDDDDDDD' })).rejects.toMatchObject({
      code: 'BAND_ALREADY_REPLACED',
    });
    await replace();
    expect(await store.band({ bandId: LOST })).toMatchObject({ status: 'LOST', replacedBy: NEW });
  });

  test('hands the attendee this desk holds to the replacement, and again over a pull of the lost band', async () => {
    const ada = { name: 'Ada Lovelace', email: null, ticketCode: 'T-1' };
    await store.applyPull(
      page([{ entity: 'band', id: LOST, version: '4', row: { ...lostRow, attendee: ada } }], '4.00000000'),
    );
    await replace();
    const attendee = async (bandId: string) => {
      const band = await store.band({ bandId });
      return { name: band?.attendeeName, ticketCode: band?.attendeeTicketCode };
    };
    expect(await attendee(NEW)).toEqual({ name: 'Ada Lovelace', ticketCode: 'T-1' });
    expect(await attendee(LOST)).toEqual({ name: null, ticketCode: null });
    expect((await store.bands(eventId, { search: 'lovelace' })).bands.map((b) => b.bandId)).toEqual([NEW]);

    await store.applyPull(
      page(
        [{ entity: 'band', id: LOST, version: '5', row: { ...lostRow, attendee: { ...ada, name: 'Ada King' } } }],
        '5.00000000',
      ),
    );
    expect(await attendee(NEW)).toEqual({ name: 'Ada King', ticketCode: 'T-1' });
    expect(await attendee(LOST)).toEqual({ name: null, ticketCode: null });
  });

  test('stays on top of a pull that still shows the lost band ACTIVE, and rolls back whole when rejected', async () => {
    await replace();
    await store.applyPull(
      page([{ entity: 'band', id: LOST, version: '4', row: { ...lostRow, stationId: 'desk-9' } }], '4.00000000'),
    );
    expect(await store.band({ bandId: LOST })).toMatchObject({ status: 'LOST', replacedBy: NEW, stationId: 'desk-9' });

    const sent = await store.pendingMutations(10);
    await store.settlePush(sent, {
      lastMutationId: sent[0]!.mutationId,
      results: [{ mutationId: sent[0]!.mutationId, status: 'rejected', code: 'BAND_ALREADY_REPLACED', message: 'no' }],
    });
    expect(await store.band({ bandId: LOST })).toMatchObject({ status: 'ACTIVE', replacedBy: null });
    expect(await store.band({ bandId: NEW })).toBeNull();
  });
});
