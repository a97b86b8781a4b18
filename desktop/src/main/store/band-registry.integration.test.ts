import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BandRegistry } from '../nfc/band-registry.ts';
import { createStoreBandRegistry } from './band-registry.ts';
import { LocalStore } from './local-store.ts';

let dir: string;
let store: LocalStore;
let registry: BandRegistry;
const eventId = randomUUID();
const otherEventId = randomUUID();
const band = (bandId: string, uid: string) => ({
  bandId,
  uid,
  eventId,
  stationId: 'reader-1',
  registeredAt: new Date('2026-07-01T10:00:00Z'),
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-registry-'));
  store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
  registry = createStoreBandRegistry(store);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the band registry on the local store', () => {
  test('records a registration as a queued mutation and finds it by bandId and by lower-case UID', async () => {
    await registry.register(band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'));
    expect(await registry.findByUid('04a1b2c3d4e5f6')).toEqual(band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'));
    expect(await registry.findByBandId('AAAAAAAAAAAAAAAA')).toMatchObject({ uid: '04a1b2c3d4e5f6' });
    expect(await registry.findByBandId('BBBBBBBBBBBBBBBB')).toBeNull();
    expect(await store.pendingMutations(10)).toMatchObject([{ mutationId: 1, name: 'band.register' }]);
  });

  test('queues the trust kind the station encoded, so the cloud classifies the first tap by it', async () => {
    await registry.register({ ...band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'), trust: 'NTAG21X_MIRROR' });
    await registry.register(band('BBBBBBBBBBBBBBBB', '04ffffffffffff'));
    const [withTrust, without] = await store.pendingMutations(10);
    expect(withTrust?.args).toMatchObject({ trust: 'NTAG21X_MIRROR' });
    expect(without?.args).not.toHaveProperty('trust');
  });

  test.each([
    ['the band id', band('AAAAAAAAAAAAAAAA', '04ffffffffffff')],
    ['the tag', band('BBBBBBBBBBBBBBBB', '04a1b2c3d4e5f6')],
  ])('refuses a second registration of %s and records nothing', async (_name, second) => {
    await registry.register(band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'));
    await expect(registry.register(second)).rejects.toMatchObject({ code: 'BAND_ALREADY_REGISTERED' });
    expect(await store.pendingCount()).toBe(1);
  });

  test('reassigns a band to another event, and refuses an unknown band', async () => {
    await registry.register(band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'));
    expect(await registry.reassign('AAAAAAAAAAAAAAAA', otherEventId)).toMatchObject({ eventId: otherEventId });
    await expect(registry.reassign('CCCCCCCCCCCCCCCC', otherEventId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('releases a tag so it can carry a new band; the old band is kept without it', async () => {
    await registry.register(band('AAAAAAAAAAAAAAAA', '04a1b2c3d4e5f6'));
    await registry.release('04a1b2c3d4e5f6');
    expect(await registry.findByUid('04a1b2c3d4e5f6')).toBeNull();
    await registry.register(band('BBBBBBBBBBBBBBBB', '04a1b2c3d4e5f6'));
    expect((await registry.findByUid('04a1b2c3d4e5f6'))?.bandId).toBe('BBBBBBBBBBBBBBBB');
    expect(await registry.findByBandId('AAAAAAAAAAAAAAAA')).toMatchObject({ uid: '' });
    expect((await store.pendingMutations(10)).map((m) => m.name)).toEqual([
      'band.register',
      'band.release',
      'band.register',
    ]);
  });
});
