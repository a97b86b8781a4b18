import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { verifySun } from '@sparkmotion/shared/ntag424/sun';
import { beforeAll, describe, expect, test } from 'vitest';
import { nfcHarnessPerFile } from '../../../../test/nfc/harness-per-file.ts';
import type { Outcome } from '../nfc-events.ts';

/**
 * NTAG 424 DNA bands at the desk through the real stack (nfc-pcsc → pcscd → vpcd → the virtual 424, an
 * ISO 14443-4 card): every station mode, re-encoding, another organization's band, torn personalisation.
 */
const nfc = nfcHarnessPerFile();
const MASTER = '00112233445566778899aabbccddeeff';
const OTHER_ORG = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

beforeAll(async () => {
  await nfc.call('sdmKeys.set', { version: 1, keys: { 1: MASTER } });
});

function encoded(outcome: Outcome) {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(`expected ENCODED, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** A phone's tap: the URL must carry a SUN that verifies under `master` for this tag's UID. */
async function expectSun(name: string, uid: string, master = MASTER): Promise<URL> {
  const url = new URL((await nfc.phoneRead(name))!);
  const sun = verifySun(
    { piccData: url.searchParams.get('picc') ?? '', mac: url.searchParams.get('cmac') ?? '' },
    sdmKeysFor(Buffer.from(master, 'hex')),
  );
  expect(sun).toMatchObject({ ok: true, uid: uid.toUpperCase() });
  return url;
}

describe('an NTAG 424 DNA at the desk', () => {
  test('ENCODE personalises a factory tag with a SUN under the organization’s keys and registers it', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
    const uid = await nfc.createNtag424('band');
    const outcome = encoded(await nfc.tapAndLift('band'));
    expect(outcome).toMatchObject({
      trust: 'NTAG424_SUN',
      passwordProtected: true,
      locked: false,
      tag: { uid, type: 'NTAG424' },
      registration: { uid, eventId: 'event-1', trust: 'NTAG424_SUN', secretVersion: 1 },
    });
    const url = await expectSun('band', uid);
    expect(url.searchParams.get('bandId')).toBe(outcome.registration.bandId);
    expect(await nfc.call('tag.state424', { name: 'band' })).toMatchObject({ keyVersions: [1, 1, 1, 0, 0], sdm: true });

    // The same band again for the same event: nothing to do.
    expect(await nfc.tapAndLift('band')).toMatchObject({ ok: true, kind: 'ALREADY_ENCODED' });
  });

  test('VERIFY and REASSIGN read the band through its SUN URL, writing nothing', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
    const uid = await nfc.createNtag424('mover');
    const { bandId } = encoded(await nfc.tapAndLift('mover')).registration;
    await nfc.setMode(0, { kind: 'VERIFY' });
    expect(await nfc.tapAndLift('mover')).toMatchObject({
      kind: 'VERIFIED',
      tag: { uid, type: 'NTAG424', bandId },
      registration: { bandId, eventId: 'event-1' },
    });
    await nfc.setMode(0, { kind: 'REASSIGN', toEventId: 'event-2' });
    expect(await nfc.tapAndLift('mover')).toMatchObject({
      kind: 'REASSIGNED',
      fromEventId: 'event-1',
      registration: { bandId, eventId: 'event-2' },
    });
    await expectSun('mover', uid);
  });

  test('BULK writes the listed band ids onto 424s, on the second reader too', async () => {
    await nfc.setMode(1, { kind: 'BULK', eventId: 'event-3', bandIds: ['Bulk424Band00001', 'Bulk424Band00002'] });
    const first = await nfc.createNtag424('bulk-1');
    await nfc.createNtag424('bulk-2');
    expect(encoded(await nfc.tapAndLift('bulk-1', 1)).registration).toMatchObject({ bandId: 'Bulk424Band00001' });
    expect(encoded(await nfc.tapAndLift('bulk-2', 1)).registration).toMatchObject({ bandId: 'Bulk424Band00002' });
    expect((await expectSun('bulk-1', first)).searchParams.get('bandId')).toBe('Bulk424Band00001');
  });

  test('re-encoding an own band (overwrite confirmed) opens it with its diversified key', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-4' });
    const uid = await nfc.createNtag424('again');
    const first = encoded(await nfc.tapAndLift('again')).registration.bandId;
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-5' });
    expect(await nfc.tapAndLift('again')).toMatchObject({ ok: false, code: 'NEEDS_OVERWRITE_CONFIRMATION' });
    await nfc.call('service.confirmOverwrite', { stationId: (await nfc.stations())[0]!.stationId, uid });
    const second = encoded(await nfc.tapAndLift('again')).registration.bandId;
    expect(second).not.toBe(first);
    expect((await expectSun('again', uid)).searchParams.get('bandId')).toBe(second);
  });

  test('another organization’s band is refused with a clear message and left as it was', async () => {
    await nfc.call('sdmKeys.set', { version: 1, keys: { 1: OTHER_ORG } });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-6' });
    const uid = await nfc.createNtag424('theirs');
    const theirs = encoded(await nfc.tapAndLift('theirs')).registration.bandId;
    await nfc.call('sdmKeys.set', { version: 1, keys: { 1: MASTER } });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-6b' });
    await nfc.call('service.confirmOverwrite', { stationId: (await nfc.stations())[0]!.stationId, uid });
    expect(await nfc.tapAndLift('theirs')).toMatchObject({
      ok: false,
      code: 'TAG_PROTECTED',
      message: expect.stringMatching(/another organization/),
    });
    expect((await expectSun('theirs', uid, OTHER_ORG)).searchParams.get('bandId')).toBe(theirs);
  });

  test('a desk without the organization’s 424 keys writes nothing', async () => {
    await nfc.call('sdmKeys.set', { keys: undefined });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-7' });
    await nfc.createNtag424('keyless');
    expect(await nfc.tapAndLift('keyless')).toMatchObject({ ok: false, code: 'TAG_SECRET_UNAVAILABLE' });
    expect(await nfc.call('tag.state424', { name: 'keyless' })).toMatchObject({
      keyVersions: [0, 0, 0, 0, 0],
      sdm: false,
    });
    await nfc.call('sdmKeys.set', { version: 1, keys: { 1: MASTER } });
  });

  test('a tag taken away after any APDU of its personalisation is finished on its next tap', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-8' });
    await nfc.createNtag424('measure');
    await nfc.tapAndLift('measure');
    const { apdus } = await nfc.stats('measure');
    for (let torn = 1; torn < apdus; torn++) {
      const name = `torn-${torn}`;
      const uid = await nfc.createNtag424(name);
      const from = nfc.events.length;
      const failed = await nfc.tap(name, 0, { removeAfterApdus: torn });
      await nfc.waitFor((e) => e.type === 'card.removed', from);
      expect(failed, `torn after ${torn} APDUs`).toMatchObject({ ok: false });
      const state = await nfc.call<{ keyVersions: number[] }>('tag.state424', { name });
      for (const version of state.keyVersions) expect([0, 1]).toContain(version);
      const done = await nfc.tapAndLift(name);
      expect(done, `retry after ${torn} APDUs: ${JSON.stringify(done)}`).toMatchObject({ ok: true, kind: 'ENCODED' });
      await expectSun(name, uid);
    }
  }, 120_000);
});
