import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NfcHarness, STATIONS } from '../../../test/nfc/harness.ts';

let nfc: NfcHarness;
beforeAll(async () => {
  nfc = await NfcHarness.start();
  await nfc.readersReady();
});
afterAll(async () => {
  await nfc?.close();
});

describe('ENCODE station on pcscd + vpcd + a virtual NTAG', () => {
  test('encodes a blank tag with the band URL, verifies it and registers the band', async () => {
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
    const uid = await nfc.createTag('blank', 'NTAG213');
    const outcome = await nfc.tapAndLift('blank');
    expect(outcome).toMatchObject({ ok: true, kind: 'ENCODED', tag: { uid, type: 'NTAG213' } });
    if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error('not encoded');
    const { bandId } = outcome.registration;
    expect(outcome.registration).toMatchObject({ uid, eventId: 'event-1', stationId: STATIONS[0] });

    const memory = await nfc.memory('blank');
    const scan = scanTlvs(memory.subarray(16));
    if (scan.kind !== 'ndef') throw new Error(`no NDEF TLV: ${scan.kind}`);
    const message = memory.subarray(16 + scan.valueOffset, 16 + scan.valueOffset + scan.length);
    expect(findUri(parseNdefMessage(message))).toBe(`https://hub.sparkmotion.test/e?bandId=${bandId}`);
    expect(await nfc.registrations()).toEqual([expect.objectContaining({ bandId, uid, eventId: 'event-1' })]);
  });
});
