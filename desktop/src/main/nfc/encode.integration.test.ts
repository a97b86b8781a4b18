import { BAND_ID_LENGTH } from '@sparkmotion/shared/bands/band-id';
import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { beforeEach, describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { Outcome } from './nfc-events.ts';

// The plain band URL (tap trust off); tap-trust.integration.test.ts covers the mirror and the password.
const nfc = nfcHarnessPerFile({ settings: { tagTrust: false } });
beforeEach(async () => {
  await nfc.call('settings.set', {
    hubBaseUrl: 'https://hub.sparkmotion.test',
    lockAfterEncode: false,
    tagTrust: false,
  });
  await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
});

function encoded(outcome: Outcome) {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(`expected ENCODED, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The URI the tag's memory holds, parsed from the raw bytes the virtual tag keeps. */
async function uriOnTag(name: string): Promise<string | null> {
  const memory = await nfc.memory(name);
  const scan = scanTlvs(memory.subarray(16));
  if (scan.kind !== 'ndef') return null;
  return findUri(parseNdefMessage(memory.subarray(16 + scan.valueOffset, 16 + scan.valueOffset + scan.length)));
}

describe('ENCODE station on pcscd + vpcd + a virtual NTAG', () => {
  test.each(['NTAG213', 'NTAG215', 'NTAG216'] as const)(
    'encodes a blank %s with the band URL, verifies it and registers the band',
    async (type) => {
      const uid = await nfc.createTag(`blank-${type}`, type);
      const outcome = encoded(await nfc.tapAndLift(`blank-${type}`));
      const { bandId } = outcome.registration;
      expect(outcome.tag).toMatchObject({ uid, type, lockState: 'unlocked' });
      expect(outcome.registration).toMatchObject({ uid, eventId: 'event-1', stationId: STATIONS[0] });
      expect(await uriOnTag(`blank-${type}`)).toBe(`https://hub.sparkmotion.test/e?bandId=${bandId}`);
      expect(await nfc.registrations()).toContainEqual(expect.objectContaining({ bandId, uid, eventId: 'event-1' }));
    },
  );

  test('formats an unformatted tag (no capability container) before writing', async () => {
    await nfc.call('tag.create', { name: 'raw', type: 'NTAG216', formatted: false });
    expect((await nfc.memory('raw')).subarray(12, 16).toString('hex')).toBe('00000000');
    const outcome = encoded(await nfc.tapAndLift('raw'));
    expect((await nfc.memory('raw')).subarray(12, 16).toString('hex')).toBe('e1106d00');
    expect(await uriOnTag('raw')).toContain(outcome.registration.bandId);
  });

  test('recognises a band it already encoded for this event and writes nothing', async () => {
    await nfc.createTag('twice');
    const first = encoded(await nfc.tapAndLift('twice'));
    const writesBefore = (await nfc.stats('twice')).writes;
    const again = await nfc.tapAndLift('twice');
    expect(again).toMatchObject({
      ok: true,
      kind: 'ALREADY_ENCODED',
      registration: { bandId: first.registration.bandId },
    });
    expect(writesBefore).toBeGreaterThan(0);
    expect((await nfc.stats('twice')).writes).toBe(0);
  });

  test('asks before overwriting a band of another event, then overwrites once confirmed', async () => {
    const uid = await nfc.createTag('other-event');
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-A' });
    const old = encoded(await nfc.tapAndLift('other-event'));
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-B' });

    const asked = await nfc.tapAndLift('other-event');
    expect(asked).toMatchObject({
      ok: false,
      code: 'NEEDS_OVERWRITE_CONFIRMATION',
      uid,
      existing: { bandId: old.registration.bandId, eventId: 'event-A' },
    });
    expect(await uriOnTag('other-event')).toContain(old.registration.bandId);

    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    const replaced = encoded(await nfc.tapAndLift('other-event'));
    expect(replaced.registration).toMatchObject({ uid, eventId: 'event-B' });
    expect(replaced.registration.bandId).not.toBe(old.registration.bandId);
    expect(await uriOnTag('other-event')).toContain(replaced.registration.bandId);
    const mine = (await nfc.registrations()).filter((r) => r.uid === uid);
    expect(mine.map((r) => r.bandId)).toEqual([replaced.registration.bandId]);
  });

  test.each([
    ['foreign content', 'https://example.com/product/42', { bandId: null, eventId: null }],
    [
      'a band of another desk',
      'https://hub.sparkmotion.test/e?bandId=OtherDeskBand001',
      { bandId: 'OtherDeskBand001', eventId: null },
    ],
  ])('asks before overwriting a tag with %s', async (_case, uri, existing) => {
    const name = `prewritten-${uri.length}`;
    const uid = await nfc.createTag(name);
    await nfc.call('tag.setUri', { name, uri });
    expect(await nfc.tapAndLift(name)).toMatchObject({
      ok: false,
      code: 'NEEDS_OVERWRITE_CONFIRMATION',
      existing: { ...existing, uri },
    });
    expect(await uriOnTag(name)).toBe(uri);
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    const outcome = encoded(await nfc.tapAndLift(name));
    expect(await uriOnTag(name)).toContain(outcome.registration.bandId);
  });

  test('locks the tag read-only after encoding when the setting is on', async () => {
    await nfc.call('settings.set', { lockAfterEncode: true });
    await nfc.createTag('to-lock', 'NTAG215');
    const outcome = encoded(await nfc.tapAndLift('to-lock'));
    expect(outcome.locked).toBe(true);
    const memory = await nfc.memory('to-lock');
    expect(memory.subarray(10, 12).toString('hex')).toBe('ffff');
    expect(memory[15]).toBe(0x0f); // CC write access: read-only

    await nfc.setMode(0, { kind: 'VERIFY' });
    expect(await nfc.tapAndLift('to-lock')).toMatchObject({
      ok: true,
      kind: 'VERIFIED',
      tag: { lockState: 'read-only' },
    });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-2' });
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid: outcome.tag.uid });
    expect(await nfc.tapAndLift('to-lock')).toMatchObject({ ok: false, code: 'TAG_LOCKED' });
  });

  test('refuses a tag that is partly locked', async () => {
    await nfc.createTag('part-locked');
    expect(await nfc.call('tag.writePage', { name: 'part-locked', page: 2, hex: '000000f0' })).toBe(true);
    expect(await nfc.tapAndLift('part-locked')).toMatchObject({ ok: false, code: 'TAG_LOCKED' });
  });

  test('refuses a tag too small for the band URL', async () => {
    await nfc.call('settings.set', { hubBaseUrl: `https://hub.example/${'x'.repeat(120)}` });
    await nfc.createTag('small', 'NTAG213');
    expect(await nfc.tapAndLift('small')).toMatchObject({ ok: false, code: 'TAG_TOO_SMALL' });
    expect(await uriOnTag('small')).toBeNull();
  });

  // bandUrl(hub, id) is the hub, `/e?bandId=` and the id; a URL of 255+ bytes takes the long NDEF forms.
  const hubFor = (urlLength: number) =>
    `https://hub.test/${'x'.repeat(urlLength - 'https://hub.test//e?bandId='.length - BAND_ID_LENGTH)}`;

  test.each([
    ['NTAG213', 145, 144],
    ['NTAG215', 492, 496],
    ['NTAG216', 868, 872],
  ] as const)(
    'fills an %s up to the data area its capability container declares (a %i-character URL in %i bytes)',
    async (type, longest, area) => {
      await nfc.call('settings.set', { hubBaseUrl: hubFor(longest) });
      const name = `full-${type}`;
      await nfc.createTag(name, type);
      const outcome = encoded(await nfc.tapAndLift(name));
      expect(outcome.tag.uri).toHaveLength(longest);
      // A strict reader reads only the declared area: the NDEF TLV must end inside it.
      const memory = await nfc.memory(name);
      expect(memory[14]! * 8).toBe(area);
      const scan = scanTlvs(memory.subarray(16, 16 + area));
      expect(scan).toMatchObject({ kind: 'ndef' });
      if (scan.kind !== 'ndef') return;
      expect(scan.valueOffset + scan.length).toBe(area);
      expect(await uriOnTag(name)).toBe(outcome.tag.uri);
      await nfc.setMode(0, { kind: 'VERIFY' });
      expect(await nfc.tapAndLift(name)).toMatchObject({ ok: true, kind: 'VERIFIED', tag: { uri: outcome.tag.uri } });
    },
  );

  test.each([
    ['NTAG213', 146],
    ['NTAG215', 493],
    ['NTAG215', 499],
    ['NTAG216', 869],
    ['NTAG216', 883],
  ] as const)(
    'refuses an %s a %i-character URL that would run past its declared data area, writing nothing',
    async (type, length) => {
      await nfc.call('settings.set', { hubBaseUrl: hubFor(length) });
      const name = `over-${type}-${length}`;
      await nfc.createTag(name, type);
      expect(await nfc.tapAndLift(name)).toMatchObject({ ok: false, code: 'TAG_TOO_SMALL' });
      expect((await nfc.stats(name)).writes).toBe(0);
      expect(await nfc.registrations()).not.toContainEqual(
        expect.objectContaining({ uid: expect.any(String), eventId: name }),
      );
    },
  );

  test('refuses a tag that is not an NTAG213/215/216', async () => {
    await nfc.createTag('ultralight');
    // No GET_VERSION through this reader, and a CC announcing 48 bytes (a MIFARE Ultralight).
    await nfc.call('tag.writePage', { name: 'ultralight', page: 3, hex: '00000400' });
    const outcome = await nfc.tapAndLift('ultralight', 0, { badStatus: { ins: 0x00, sw: '6a81', count: 1 } });
    expect(outcome).toMatchObject({ ok: false, code: 'UNSUPPORTED_TAG' });
  });
});
