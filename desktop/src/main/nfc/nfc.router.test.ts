import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isObservable } from '@trpc/server/observable';
import { afterEach, describe, expect, test } from 'vitest';
import { InMemoryBandRegistry } from './in-memory-band-registry.ts';
import { createNfcRouter } from './nfc.router.ts';
import { NfcService, PCSCD_HOW_TO } from './nfc.service.ts';
import type { NfcEvent } from './nfc-events.ts';

// A service whose pcscd socket does not exist: the real "pcscd not running" path, no reader needed.
let service: NfcService;
const start = async () => {
  service = new NfcService({
    registry: new InMemoryBandRegistry(),
    settings: () => ({ hubBaseUrl: 'https://hub.test', lockAfterEncode: false }),
    mintBandId: async () => 'OrgTagAAAAAAAAAAAAAAAA',
    now: () => new Date(0),
    loadNfc: async () => () => {
      throw new Error('PC/SC must not be touched while pcscd is absent');
    },
    pcscdSocket: join(tmpdir(), `no-pcscd-${process.pid}.comm`),
    retryMs: 60_000,
  });
  await service.start();
  return createNfcRouter(service).createCaller({});
};
afterEach(async () => {
  await service?.close();
});

describe('nfc router', () => {
  test('reports pcscd missing with how to start it, without blocking on PC/SC', async () => {
    const caller = await start();
    expect(await caller.status()).toEqual({
      state: 'pcscd-unavailable',
      message: expect.stringContaining('pcscd is not running'),
      howTo: PCSCD_HOW_TO,
    });
    expect(await caller.stations()).toEqual([]);
  });

  test('streams the current status first, then service events, as an observable', async () => {
    const caller = await start();
    const stream = await caller.events();
    expect(isObservable(stream)).toBe(true);
    if (!isObservable(stream)) return;
    const seen: NfcEvent[] = [];
    const subscription = stream.subscribe({ next: (e) => seen.push(e as NfcEvent) });
    await service.close();
    subscription.unsubscribe();
    expect(seen.map((e) => (e.type === 'status' ? e.status.state : e.type))).toEqual(['pcscd-unavailable', 'stopped']);
  });

  test.each([
    ['an unknown station', { stationId: 'nope', mode: { kind: 'VERIFY' } }, /no reader nope/],
    ['a mode without its event', { stationId: 'x', mode: { kind: 'ENCODE' } }, /eventId/],
  ])('refuses %s', async (_case, input, error) => {
    const caller = await start();
    await expect(caller.setMode(input as never)).rejects.toThrow(error);
  });

  test('refuses a bulk list with bad lines before touching a station', async () => {
    const caller = await start();
    const attempt = caller.startBulk({ stationId: 'x', eventId: 'e', csv: 'nope' });
    await expect(attempt).rejects.toMatchObject({
      message: 'the band list has errors',
      cause: { code: 'BAD_INPUT', details: { errors: [{ problem: 'NOT_A_BAND_ID', line: 1, value: 'nope' }] } },
    });
  });
});
