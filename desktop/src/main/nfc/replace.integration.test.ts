import { describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import { createStoreBandRegistry } from '../store/band-registry.ts';
import { createSyncEngine } from '../sync/sync-engine.ts';
import { createCloudTransport } from '../sync/transport.ts';
import type { BandRegistration } from './band-registry.ts';
import type { Outcome } from './nfc-events.ts';
import { cloudDeskPerFile, syncRegistrations } from './testing/cloud-bands.ts';

/**
 * Lost & replace at the desk: a station in REPLACE mode (pcscd + vpcd + the virtual NTAG) encodes the next
 * blank tag as a fresh band and records it as the lost band's replacement; the desk's store applies it at
 * once, offline, and sync brings it to a real cloud.
 */
const nfc = nfcHarnessPerFile();
const desk = cloudDeskPerFile('sm-replace-');

async function encodeBand(name: string): Promise<BandRegistration> {
  await nfc.setMode(0, { kind: 'ENCODE', eventId: desk.cloud.demo.eventId });
  await nfc.createTag(name);
  const outcome = await nfc.tapAndLift(name);
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(JSON.stringify(outcome));
  return outcome.registration;
}

/** One round of the desk's sync engine against the cloud (the desk is online for it). */
async function syncOnce() {
  const engine = createSyncEngine({
    store: desk.store,
    transport: createCloudTransport(async () => ({
      cloudUrl: desk.cloud.url,
      token: desk.cloud.token,
      email: 'desk@test',
    })),
    backoff: { baseMs: 20, maxMs: 200 },
    debounceMs: 10,
  });
  try {
    return await engine.syncNow();
  } finally {
    await engine.stop();
  }
}

const registration = async (bandId: string) => (await nfc.registrations()).find((r) => r.bandId === bandId)!;
const modeOf = async () => (await nfc.stations()).find((s) => s.stationId === STATIONS[0])!.mode;

describe('a station in REPLACE mode', () => {
  test('encodes the next blank tag as a new band replacing the lost one, answers one receipt, then idles', async () => {
    await nfc.call('desk.setOrg', { orgId: desk.cloud.demo.orgId });
    const lost = await encodeBand('lost-band');
    await nfc.setMode(0, { kind: 'REPLACE', lostBandId: lost.bandId });
    const uid = await nfc.createTag('replacement');

    const outcome: Outcome = await nfc.tapAndLift('replacement');
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'REPLACED',
      lostBandId: lost.bandId,
      attendeeName: null,
      registration: { uid, eventId: lost.eventId, stationId: STATIONS[0] },
    });
    if (!outcome.ok || outcome.kind !== 'REPLACED') throw new Error('not replaced');
    const fresh = outcome.registration;
    expect(fresh.bandId).not.toBe(lost.bandId);
    expect(outcome.tag.uri).toContain(fresh.bandId);
    expect((await registration(lost.bandId)).replacedBy).toBe(fresh.bandId);
    expect(await modeOf()).toEqual({ kind: 'IDLE' });

    // The lost band reached the cloud and got its attendee there; the desk pulled both.
    await syncRegistrations(desk.store, desk.cloud, [lost]);
    const { orgId } = desk.cloud.demo;
    await desk.cloud.client.bands.setAttendee.mutate({
      orgId,
      bandId: lost.bandId,
      attendee: { name: 'Grace Hopper' },
    });
    expect(await syncOnce()).toMatchObject({ status: 'idle' });

    // Offline: the desk's store applies the replacement at once, attendee and all, and queues it.
    const registry = createStoreBandRegistry(desk.store);
    expect(await registry.replace(lost.bandId, fresh)).toEqual({ attendeeName: 'Grace Hopper' });
    expect(await desk.store.band({ bandId: lost.bandId })).toMatchObject({ status: 'LOST', replacedBy: fresh.bandId });
    expect(await desk.store.band({ bandId: fresh.bandId })).toMatchObject({
      status: 'ACTIVE',
      uid: uid.toUpperCase(),
      eventId: lost.eventId,
      replacedBy: null,
    });
    expect(await desk.store.pendingMutations(10)).toEqual([
      expect.objectContaining({ name: 'band.replace', args: expect.objectContaining({ lostBandId: lost.bandId }) }),
    ]);

    // Back online: the cloud replays it, the pull confirms it.
    expect(await syncOnce()).toMatchObject({ status: 'idle', pending: 0, rejections: 0 });
    expect(await desk.cloud.client.bands.get.query({ orgId, bandId: fresh.bandId })).toMatchObject({
      attendee: { name: 'Grace Hopper' },
    });
    const stored = await desk.db.query(
      'select b.band_id, b.status, r.band_id as replaced_by from bands b left join bands r on r.id = b.replaced_by_id where b.band_id = any($1) order by b.status',
      [[lost.bandId, fresh.bandId]],
    );
    expect(stored.rows).toEqual([
      { band_id: fresh.bandId, status: 'ACTIVE', replaced_by: null },
      { band_id: lost.bandId, status: 'LOST', replaced_by: fresh.bandId },
    ]);
    expect(await desk.store.band({ bandId: lost.bandId })).toMatchObject({ status: 'LOST', replacedBy: fresh.bandId });
  });

  test("asks for the organization's secrets for the lost band's event as soon as it is picked, as ENCODE does", async () => {
    // A desk that goes offline between the pick and the tap still writes an NTAG 424 replacement.
    const eventId = 'event-of-the-lost-band';
    await nfc.call('registry.register', { bandId: 'LostBandPrefetch', uid: '04a1b2c3d4e5f6', eventId, stationId: 'x' });
    await nfc.call('secrets.asked');
    await nfc.setMode(0, { kind: 'REPLACE', lostBandId: 'LostBandPrefetch' });
    const asked: unknown[] = [];
    await expect
      .poll(async () => {
        asked.push(...(await nfc.call<unknown[]>('secrets.asked')));
        return asked;
      })
      .toContainEqual({ secret: 'sdmKeys', eventId });
    await nfc.setMode(0, { kind: 'IDLE' });
  });

  test.each([
    ['another band', 'NEEDS_OVERWRITE_CONFIRMATION', 'other-band'],
    ['the lost band itself, found again', 'LOST_BAND_TAPPED', 'lost-again'],
  ])('refuses %s without writing it', async (_case, code, tapped) => {
    const lost = await encodeBand('lost-again');
    if (tapped === 'other-band') await encodeBand(tapped);
    await nfc.setMode(0, { kind: 'REPLACE', lostBandId: lost.bandId });
    const before = await nfc.memory(tapped);
    expect(await nfc.tapAndLift(tapped)).toMatchObject({ ok: false, code });
    expect((await nfc.memory(tapped)).equals(before)).toBe(true);
    expect((await registration(lost.bandId)).replacedBy).toBeUndefined();
    expect(await modeOf()).toEqual({ kind: 'REPLACE', lostBandId: lost.bandId });
  });

  test.each([
    ['a band this desk does not know', 'UNKNOWN_BAND'],
    ['a band replaced already', 'BAND_ALREADY_REPLACED'],
  ])('refuses to replace %s', async (_case, code) => {
    let lostBandId = 'UnknownBand00001';
    if (code === 'BAND_ALREADY_REPLACED') {
      lostBandId = (await encodeBand('replaced-once')).bandId;
      await nfc.setMode(0, { kind: 'REPLACE', lostBandId });
      await nfc.createTag('first-replacement');
      expect(await nfc.tapAndLift('first-replacement')).toMatchObject({ ok: true, kind: 'REPLACED' });
    }
    await nfc.setMode(0, { kind: 'REPLACE', lostBandId });
    const name = `blank-${code}`;
    await nfc.createTag(name);
    // The band it is about travels as data: the screen names it in the desk's language.
    expect(await nfc.tapAndLift(name)).toMatchObject({ ok: false, code, bandId: lostBandId });
    expect((await nfc.stats(name)).writes).toBe(0);
  });
});
