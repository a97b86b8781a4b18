import { randomBytes } from 'node:crypto';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { verifySun } from '@sparkmotion/shared/ntag424/sun';
import { withSunPlaceholders } from '@sparkmotion/shared/ntag424/sun-template';
import { describe, expect, test } from 'vitest';
import { Ntag424Chip } from '../../../../test/nfc/ntag424-chip.ts';
import { phoneReadNtag424 } from '../../../../test/nfc/virtual-ntag424.ts';
import { NtagMemory, VirtualTag } from '../../../../test/nfc/virtual-tag.ts';
import type { Transmit } from '../ntag-io.ts';
import { type OrgSdmKeys, openNtag424, PersonaliseError, verifyBand, writeBand } from './personalise.ts';

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

/** open → write → verify, as the station's encode session runs them. */
async function personaliseNtag424(
  transmit: Transmit,
  url: string,
  keys: OrgSdmKeys,
  random: (n: number) => Uint8Array,
) {
  const opened = await openNtag424(transmit, keys, random);
  const withSun = withSunPlaceholders(url);
  const keysChanged = await writeBand(opened, withSun);
  const counter = await verifyBand(opened, withSun);
  return { uid: opened.uid.toString('hex'), keyVersion: keys.version, counter, keysChanged };
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

describe('personaliseNtag424', () => {
  test('makes a factory 424 a band whose phone reads carry a SUN under the organization’s keys', async () => {
    const chip = newChip();
    const done = await personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes);
    expect(done).toMatchObject({
      uid: Buffer.from(chip.uid).toString('hex'),
      keyVersion: 1,
      counter: 1,
      keysChanged: true,
    });
    expect(chip.keyVersions).toEqual([1, 1, 1, 0, 0]);
    expect(chip.keys[0]!.equals(Buffer.alloc(16))).toBe(false);
    expectGenuineTaps(chip, MASTER_1);
  });

  test('re-encodes its own band with the diversified key, without changing keys', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes);
    const other = 'https://hub.example/e?bandId=ZyXwVuTsRqPoNmLk';
    const again = await personaliseNtag424(reach(chip), other, ORG, randomBytes);
    expect(again.keysChanged).toBe(false);
    expectGenuineTaps(chip, MASTER_1, other);
  });

  test('moves a band keyed by an older master key to the current one (rotation)', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes);
    const rotated: OrgSdmKeys = {
      version: 2,
      masterKeys: new Map([
        [1, MASTER_1],
        [2, MASTER_2],
      ]),
    };
    expect((await personaliseNtag424(reach(chip), BAND_URL, rotated, randomBytes)).keysChanged).toBe(true);
    expect(chip.keyVersions.slice(0, 3)).toEqual([2, 2, 2]);
    expectGenuineTaps(chip, MASTER_2);
  });

  test('refuses another organization’s band and leaves it as it was', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, { version: 1, masterKeys: new Map([[1, MASTER_2]]) }, randomBytes);
    const before = Buffer.from(chip.file(2).data);
    await expect(personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes)).rejects.toMatchObject({
      failure: 'FOREIGN',
    });
    expect(Buffer.from(chip.file(2).data).equals(before)).toBe(true);
    expectGenuineTaps(chip, MASTER_2);
  });

  test('says which master key version it lacks for a band keyed by a version the desk does not have', async () => {
    const chip = newChip();
    await personaliseNtag424(reach(chip), BAND_URL, { version: 2, masterKeys: new Map([[2, MASTER_2]]) }, randomBytes);
    await expect(personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes)).rejects.toMatchObject({
      failure: 'UNKNOWN_KEY_VERSION',
    });
  });

  test('refuses a tag that is not an NTAG 424 DNA', async () => {
    const ntag = new VirtualTag(new NtagMemory('NTAG213', Uint8Array.of(4, 1, 2, 3, 4, 5, 6)));
    const transmit: Transmit = async (apdu) => ntag.respond(apdu) as Buffer;
    await expect(personaliseNtag424(transmit, BAND_URL, ORG, randomBytes)).rejects.toThrow();
  });

  test('a tag taken away after any APDU is personalised on its next tap, never left with unknown keys', async () => {
    const total = reach(newChip());
    await personaliseNtag424(total, BAND_URL, ORG, randomBytes);
    for (let torn = 1; torn < total.sent(); torn++) {
      const chip = newChip();
      await expect(personaliseNtag424(reach(chip, torn), BAND_URL, ORG, randomBytes)).rejects.not.toBeInstanceOf(
        PersonaliseError,
      );
      // Every key is the factory key or the organization's: its version says which.
      for (const version of chip.keyVersions.slice(0, 3)) expect([0, 1]).toContain(version);
      await personaliseNtag424(reach(chip), BAND_URL, ORG, randomBytes);
      expectGenuineTaps(chip, MASTER_1);
    }
  });
});
