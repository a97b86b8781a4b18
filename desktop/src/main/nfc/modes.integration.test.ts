import { describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { Outcome } from './nfc-events.ts';

const nfc = nfcHarnessPerFile();

function bandOf(outcome: Outcome): string {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(`expected ENCODED, got ${JSON.stringify(outcome)}`);
  return outcome.registration.bandId;
}

describe('station modes', () => {
  test('VERIFY tells a registered band, an unknown band, a blank tag and foreign content apart', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
    const uid = await nfc.createTag('band');
    const bandId = bandOf(await nfc.tapAndLift('band'));
    await nfc.createTag('blank');
    await nfc.createTag('foreign');
    await nfc.call('tag.setUri', { name: 'foreign', uri: 'https://example.com/' });
    await nfc.createTag('elsewhere');
    await nfc.call('tag.setUri', { name: 'elsewhere', uri: 'https://hub.sparkmotion.test/e/ElsewhereBand001' });

    await nfc.setMode(0, { kind: 'VERIFY' });
    expect(await nfc.tapAndLift('band')).toMatchObject({
      ok: true,
      kind: 'VERIFIED',
      tag: { uid, type: 'NTAG213', bandId, lockState: 'unlocked' },
      registration: { bandId, uid, eventId: 'event-1' },
    });
    expect(await nfc.tapAndLift('blank')).toMatchObject({
      kind: 'VERIFIED',
      tag: { uri: null, bandId: null },
      registration: null,
    });
    expect(await nfc.tapAndLift('foreign')).toMatchObject({
      kind: 'VERIFIED',
      tag: { uri: 'https://example.com/', bandId: null },
      registration: null,
    });
    expect(await nfc.tapAndLift('elsewhere')).toMatchObject({
      kind: 'VERIFIED',
      tag: { bandId: 'ElsewhereBand001' },
      registration: null,
    });
    expect((await nfc.stats('band')).writes).toBe(0);
  });

  test('REASSIGN moves a band to another event without writing the tag', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
    await nfc.createTag('moving');
    const bandId = bandOf(await nfc.tapAndLift('moving'));
    const before = await nfc.memory('moving');

    await nfc.setMode(0, { kind: 'REASSIGN', toEventId: 'event-2' });
    expect(await nfc.tapAndLift('moving')).toMatchObject({
      ok: true,
      kind: 'REASSIGNED',
      fromEventId: 'event-1',
      registration: { bandId, eventId: 'event-2' },
    });
    expect((await nfc.memory('moving')).equals(before)).toBe(true);
    expect(await nfc.registrations()).toContainEqual(expect.objectContaining({ bandId, eventId: 'event-2' }));
  });

  test.each([
    ['a blank tag', undefined, 'NOT_A_BAND'],
    ['a band this desk does not know', 'https://hub.sparkmotion.test/e?bandId=UnknownBand00001', 'UNKNOWN_BAND'],
  ])('REASSIGN refuses %s', async (_case, uri, code) => {
    const name = `reassign-${code}`;
    await nfc.createTag(name);
    if (uri) await nfc.call('tag.setUri', { name, uri });
    await nfc.setMode(0, { kind: 'REASSIGN', toEventId: 'event-2' });
    expect(await nfc.tapAndLift(name)).toMatchObject({ ok: false, code });
  });

  test('bulk-from-list encodes the listed band ids in order, skips registered ones, and says when the list is done', async () => {
    const list = ['BulkBand00000001', 'BulkBand00000002', 'BulkBand00000003'];
    await nfc.call('registry.register', {
      bandId: 'BulkBand00000002',
      uid: '04aaaaaaaaaaaa',
      eventId: 'x',
      stationId: 's',
    });
    await nfc.setMode(0, { kind: 'BULK', eventId: 'event-bulk', bandIds: list });
    const outcomes: Outcome[] = [];
    for (const name of ['b1', 'b2', 'b3', 'b4']) {
      await nfc.createTag(name);
      outcomes.push(await nfc.tapAndLift(name));
    }
    expect(
      outcomes.map((o) => (o.ok ? `${o.kind} ${o.kind === 'ENCODED' ? o.registration.bandId : ''}` : o.code)),
    ).toEqual(['ENCODED BulkBand00000001', 'BAND_ALREADY_REGISTERED', 'ENCODED BulkBand00000003', 'BULK_LIST_DONE']);
    const station = (await nfc.stations()).find((s) => s.stationId === STATIONS[0]);
    expect(station?.bulk).toEqual({ done: 3, total: 3 });
  });

  test('runs two readers at once, each its own station with its own counters', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-left' });
    await nfc.setMode(1, { kind: 'ENCODE', eventId: 'event-right' });
    const before = await nfc.stations();
    const left = await nfc.createTag('left', 'NTAG215');
    const right = await nfc.createTag('right', 'NTAG216');
    const [l, r] = await Promise.all([nfc.tap('left', 0, { latencyMs: 5 }), nfc.tap('right', 1, { latencyMs: 5 })]);
    await Promise.all([nfc.lift('left', 0), nfc.lift('right', 1)]);
    expect(l).toMatchObject({
      ok: true,
      kind: 'ENCODED',
      registration: { uid: left, eventId: 'event-left', stationId: STATIONS[0] },
    });
    expect(r).toMatchObject({
      ok: true,
      kind: 'ENCODED',
      registration: { uid: right, eventId: 'event-right', stationId: STATIONS[1] },
    });
    expect(bandOf(l)).not.toBe(bandOf(r));
    const after = await nfc.stations();
    for (const id of STATIONS) {
      const encodedBefore = before.find((s) => s.stationId === id)!.counters.encoded;
      expect(after.find((s) => s.stationId === id)!.counters.encoded).toBe(encodedBefore + 1);
    }
  });

  test('a reader the operator did not choose leaves tags untouched, until it is chosen', async () => {
    await nfc.setMode(1, { kind: 'ENCODE', eventId: 'event-chosen' });
    await nfc.call('settings.set', { readers: [STATIONS[0]] });
    const uid = await nfc.createTag('unchosen', 'NTAG213');
    try {
      expect(await nfc.tapAndLift('unchosen', 1)).toMatchObject({ ok: false, code: 'READER_NOT_CHOSEN', uid });
      expect((await nfc.registrations()).some((r) => r.uid === uid)).toBe(false);
      await nfc.call('settings.set', { readers: [STATIONS[0], STATIONS[1]] });
      expect(await nfc.tapAndLift('unchosen', 1)).toMatchObject({ ok: true, kind: 'ENCODED' });
    } finally {
      await nfc.call('settings.set', { readers: [] });
    }
  });
});
