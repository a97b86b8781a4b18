import { randomBytes } from 'node:crypto';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { verifySun } from '@sparkmotion/shared/ntag424/sun';
import { describe, expect, test } from 'vitest';
import { Ntag424Chip } from '../../../../test/nfc/ntag424-chip.ts';
import { phoneReadNtag424 } from '../../../../test/nfc/virtual-ntag424.ts';
import { NtagMemory, VirtualTag } from '../../../../test/nfc/virtual-tag.ts';
import { runEncodeSession } from '../encode-session.ts';
import type { Transmit } from '../ntag-io.ts';
import { ntag424Family } from './ntag424-family.ts';
import type { OrgSdmKeys } from './personalise.ts';

const MASTER_1 = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const MASTER_2 = Buffer.from('F0E1D2C3B4A5968778695A4B3C2D1E0F', 'hex');
const ORG: OrgSdmKeys = { version: 1, masterKeys: new Map([[1, MASTER_1]]) };
const BAND_URL = 'https://hub.example/e?bandId=AbCdEfGhIjKlMnOp';

const newChip = () => new Ntag424Chip(Uint8Array.of(0x04, ...randomBytes(6)), randomBytes);
/** The chip as a reader reaches it; `tornAfter` APDUs, the tag leaves the field. */
function reach(chip: Ntag424Chip, tornAfter = Number.POSITIVE_INFINITY): Transmit & { sent: () => number } {
  let sent = 0;
  const transmit = async (apdu: Buffer) => {
    if (sent++ >= tornAfter) {
      chip.powerOn();
      throw new Error('Invalid response length 0');
    }
    return chip.respond(apdu);
  };
  return Object.assign(transmit, { sent: () => sent });
}

/** A tap at an ENCODE station, as the station runs the family: identify → prepare → write → verify → protect. */
async function personaliseNtag424(transmit: Transmit, url: string, keys: OrgSdmKeys) {
  const link = { transmit, support: { fastRead: null }, standard: 'TAG_ISO_14443_4' as const };
  const identified = await ntag424Family.identify(link, '');
  if (!identified) throw new Error('not identified as an NTAG 424 DNA');
  const session = await identified.prepare({
    bandId: url.slice(-16),
    url,
    trust: true,
    lock: false,
    retrying: false,
    ntagSecrets: async () => null,
    writtenWith: async () => null,
    sdmKeys: async () => keys,
  });
  await runEncodeSession(session);
  return session;
}

function expectGenuineTaps(chip: Ntag424Chip, master: Buffer, url = BAND_URL): void {
  for (let tap = 0; tap < 2; tap++) {
    const seen = new URL(phoneReadNtag424(chip)!);
    expect(`${seen.origin}${seen.pathname}?bandId=${seen.searchParams.get('bandId')}`).toBe(url);
    const result = verifySun(
      { piccData: seen.searchParams.get('picc')!, mac: seen.searchParams.get('cmac')! },
      sdmKeysFor(master),
    );
    expect(result).toMatchObject({ ok: true, uid: Buffer.from(chip.uid).toString('hex').toUpperCase() });
  }
}

describe('the NTAG 424 DNA family at an encode station', () => {
  test('makes a factory 424 a band whose phone reads carry a SUN under the organization’s keys', async () => {
    const chip = newChip();
    const done = await personaliseNtag424(reach(chip), BAND_URL, ORG);
    expect(done).toMatchObject({
      url: `${BAND_URL}&picc=${'0'.repeat(32)}&cmac=${'0'.repeat(16)}`,
      trust: 'NTAG424_SUN',
      secretVersion: 1,
    });
    expect(chip.keyVersions).toEqual([1, 1, 1, 0, 0]);
    expect(chip.keys[0]!.equals(Buffer.alloc(16))).toBe(false);
    expectGenuineTaps(chip, MASTER_1);
  });

  test('re-encodes its own band with the diversified key, without changing keys', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, ORG);
    const keys = chip.keys.map((key) => Buffer.from(key));
    const other = 'https://hub.example/e?bandId=ZyXwVuTsRqPoNmLk';
    await personaliseNtag424(reach(chip), other, ORG);
    expect(chip.keys).toEqual(keys);
    expectGenuineTaps(chip, MASTER_1, other);
  });

  test('moves a band keyed by an older master key to the current one (rotation)', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, ORG);
    const rotated: OrgSdmKeys = {
      version: 2,
      masterKeys: new Map([
        [1, MASTER_1],
        [2, MASTER_2],
      ]),
    };
    expect((await personaliseNtag424(reach(chip), BAND_URL, rotated)).secretVersion).toBe(2);
    expect(chip.keyVersions.slice(0, 3)).toEqual([2, 2, 2]);
    expectGenuineTaps(chip, MASTER_2);
  });

  test('refuses another organization’s band and leaves it as it was', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, { version: 1, masterKeys: new Map([[1, MASTER_2]]) });
    const before = Buffer.from(chip.file(2).data);
    await expect(personaliseNtag424(reach(chip), BAND_URL, ORG)).rejects.toMatchObject({
      code: 'TAG_PROTECTED',
      message: expect.stringMatching(/another organization/),
    });
    expect(Buffer.from(chip.file(2).data).equals(before)).toBe(true);
    expectGenuineTaps(chip, MASTER_2);
  });

  test('without keys at the desk it refuses before touching the tag', async () => {
    const chip = newChip();
    const link = { transmit: reach(chip), support: { fastRead: null }, standard: 'TAG_ISO_14443_4' as const };
    const identified = await ntag424Family.identify(link, '');
    await expect(
      identified!.prepare({
        bandId: 'x',
        url: BAND_URL,
        trust: true,
        lock: false,
        retrying: false,
        ntagSecrets: async () => null,
        writtenWith: async () => null,
        sdmKeys: async () => null,
      }),
    ).rejects.toMatchObject({ code: 'TAG_SECRET_UNAVAILABLE' });
    expect(chip.keyVersions).toEqual([0, 0, 0, 0, 0]);
  });

  test('says which master key version it lacks for a band keyed by a version the desk does not have', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, { version: 2, masterKeys: new Map([[2, MASTER_2]]) });
    await expect(personaliseNtag424(reach(chip), BAND_URL, ORG)).rejects.toMatchObject({
      code: 'TAG_PROTECTED',
      message: expect.stringMatching(/master key version 2/),
    });
  });

  test('leaves a card without the NDEF application to the next family', async () => {
    const ntag = new VirtualTag(new NtagMemory('NTAG213', Uint8Array.of(4, 1, 2, 3, 4, 5, 6)));
    const transmit: Transmit = async (apdu) => ntag.respond(apdu) as Buffer;
    await expect(personaliseNtag424(transmit, BAND_URL, ORG)).rejects.toThrow(/not identified/);
  });

  test('a tag taken away after any APDU is personalised on its next tap, never left with unknown keys', async () => {
    const total = reach(newChip());
    await personaliseNtag424(total, BAND_URL, ORG);
    for (let torn = 1; torn < total.sent(); torn++) {
      const chip = newChip();
      await expect(personaliseNtag424(reach(chip, torn), BAND_URL, ORG)).rejects.toThrow(/Invalid response length/);
      // Every key is the factory key or the organization's: its version says which.
      for (const version of chip.keyVersions.slice(0, 3)) expect([0, 1]).toContain(version);
      await personaliseNtag424(reach(chip), BAND_URL, ORG);
      expectGenuineTaps(chip, MASTER_1);
    }
  });
});
