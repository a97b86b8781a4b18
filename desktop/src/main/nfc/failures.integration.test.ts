import { bandUrl } from '@sparkmotion/shared/ndef/band-url';
import { encodeUriMessage, wrapNdefTlv } from '@sparkmotion/shared/ndef/ndef';
import { NTAG_SPECS, toPages } from '@sparkmotion/shared/ntag/memory-layout';
import { beforeEach, describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { NfcEvent } from './nfc-events.ts';

// Write counts below are those of the plain band URL (tap trust off).
const nfc = nfcHarnessPerFile({ settings: { tagTrust: false } });
const HUB = 'https://hub.sparkmotion.test';
beforeEach(async () => {
  await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
});

const outcomeOn = (reader: number) => (e: NfcEvent) => e.type === 'outcome' && e.stationId === STATIONS[reader];

describe('a station turns every tag and reader failure into a typed outcome', () => {
  test('reports a tag removed mid-write, refuses other tags meanwhile, and finishes it when it comes back', async () => {
    const uid = await nfc.createTag('shaky');
    const outcome = await nfc.tapAndLift('shaky', 0, { removeAfterWrites: 5 });
    expect(outcome).toMatchObject({ ok: false, code: 'REMOVED_MID_WRITE', uid, pendingBandId: expect.any(String) });
    if (outcome.ok) return;
    const stations = await nfc.stations();
    expect(stations.find((s) => s.stationId === STATIONS[0])?.pending).toEqual({ uid, bandId: outcome.pendingBandId });

    await nfc.createTag('bystander');
    expect(await nfc.tapAndLift('bystander')).toMatchObject({
      ok: false,
      code: 'RETRY_PENDING',
      pendingBandId: outcome.pendingBandId,
    });
    expect((await nfc.stats('bystander')).writes).toBe(0);

    const retried = await nfc.tapAndLift('shaky');
    expect(retried).toMatchObject({
      ok: true,
      kind: 'ENCODED',
      retried: true,
      registration: { bandId: outcome.pendingBandId, uid },
    });
    expect((await nfc.stations()).find((s) => s.stationId === STATIONS[0])?.pending).toBeNull();
  });

  test('finishes the lock of a tag that left during the lock step', async () => {
    await nfc.call('settings.set', { lockAfterEncode: true });
    const uid = await nfc.createTag('half-locked', 'NTAG213');
    // The data pages, then the dynamic lock bytes; the tag leaves at the next lock write (the CC).
    const dataPages = toPages(wrapNdefTlv(encodeUriMessage(bandUrl(HUB, 'OrgTagAAAAAAAAAAAAAAAA')))).length;
    const first = await nfc.tapAndLift('half-locked', 0, { removeAfterWrites: dataPages + 1 });
    expect((await nfc.memory('half-locked'))[NTAG_SPECS.NTAG213.dynamicLockPage * 4]).toBe(0xff);
    expect(first).toMatchObject({ ok: false, code: 'REMOVED_MID_WRITE', uid });
    const retried = await nfc.tapAndLift('half-locked');
    await nfc.call('settings.set', { lockAfterEncode: false });
    expect(retried).toMatchObject({ ok: true, kind: 'ENCODED', retried: true, locked: true });
    const memory = await nfc.memory('half-locked');
    expect(memory.subarray(10, 12).toString('hex')).toBe('ffff');
    expect(memory[15]).toBe(0x0f);
  });

  test('lets staff give up on a half-written tag', async () => {
    await nfc.createTag('abandoned');
    expect(await nfc.tapAndLift('abandoned', 0, { removeAfterWrites: 2 })).toMatchObject({ code: 'REMOVED_MID_WRITE' });
    await nfc.call('service.cancelPending', { stationId: STATIONS[0] });
    await nfc.createTag('next');
    expect(await nfc.tapAndLift('next')).toMatchObject({ ok: true, kind: 'ENCODED' });
  });

  test('reports a tag that left before anything was written', async () => {
    await nfc.createTag('quick');
    const from = nfc.events.length;
    await nfc.call('tag.insert', { name: 'quick', reader: 0, faults: { latencyMs: 150 } });
    await nfc.waitFor((e) => e.type === 'card.present' && e.stationId === STATIONS[0], from);
    await nfc.call('tag.remove', { name: 'quick' });
    const event = await nfc.waitFor(outcomeOn(0), from);
    expect(event).toMatchObject({ outcome: { ok: false, code: 'TAG_REMOVED' } });
    expect((await nfc.stats('quick')).writes).toBe(0);
    await nfc.waitFor((e) => e.type === 'card.removed' && e.stationId === STATIONS[0], from);
  });

  test('reports a refused write as a tag error and retries it on the next tap', async () => {
    await nfc.createTag('refusing');
    const outcome = await nfc.tapAndLift('refusing', 0, { badStatus: { ins: 0xd6, sw: '6300', count: 1 } });
    expect(outcome).toMatchObject({ ok: false, code: 'TAG_ERROR', pendingBandId: expect.any(String) });
    if (outcome.ok) return;
    expect(await nfc.tapAndLift('refusing', 0, {})).toMatchObject({
      ok: true,
      kind: 'ENCODED',
      retried: true,
      registration: { bandId: outcome.pendingBandId },
    });
  });

  test('encodes on a reader without the PN532 pass-through: type from the CC, read-back page by page', async () => {
    await nfc.setMode(1, { kind: 'ENCODE', eventId: 'event-1' });
    await nfc.createTag('no-passthrough', 'NTAG215');
    const outcome = await nfc.tapAndLift('no-passthrough', 1, { badStatus: { ins: 0x00, sw: '6a81', count: 99 } });
    expect(outcome).toMatchObject({ ok: true, kind: 'ENCODED', tag: { type: 'NTAG215' } });
  });

  test('encodes through a slow tag', async () => {
    await nfc.createTag('slow');
    expect(await nfc.tapAndLift('slow', 0, { latencyMs: 20 })).toMatchObject({ ok: true, kind: 'ENCODED' });
  });

  test('has no LED on vpcd and says so instead of failing', async () => {
    const station = (await nfc.stations()).find((s) => s.stationId === STATIONS[0]);
    expect(station?.led).toBe('unavailable');
    expect(station?.counters.failures).toBeGreaterThan(0);
  });

  test('reports the reader going away mid-operation, pcscd missing with a how-to, and recovers when it is back', async () => {
    await nfc.createTag('unplugged');
    const from = nfc.events.length;
    await nfc.call('tag.insert', { name: 'unplugged', reader: 0, faults: { latencyMs: 150 } });
    await nfc.waitFor((e) => e.type === 'card.present' && e.stationId === STATIONS[0], from);
    await nfc.call('pcscd.stop');
    expect(await nfc.waitFor(outcomeOn(0), from)).toMatchObject({ outcome: { ok: false, code: 'READER_UNPLUGGED' } });
    await nfc.waitFor((e) => e.type === 'reader.detached' && e.stationId === STATIONS[0], from);
    await nfc.waitFor((e) => e.type === 'status' && e.status.state === 'pcscd-unavailable', from);
    expect(await nfc.status()).toMatchObject({ state: 'pcscd-unavailable', howTo: expect.stringContaining('pcscd') });
    await nfc.call('tag.remove', { name: 'unplugged' });

    const back = nfc.events.length;
    await nfc.call('pcscd.start');
    await nfc.waitFor((e) => e.type === 'status' && e.status.state === 'running', back);
    await nfc.readersReady();
    // The desk's mode survives the reader coming back.
    expect((await nfc.stations()).find((s) => s.stationId === STATIONS[0])?.mode).toEqual({
      kind: 'ENCODE',
      eventId: 'event-1',
    });
    expect(await nfc.tapAndLift('unplugged')).toMatchObject({ ok: true, kind: 'ENCODED' });
  });
});
