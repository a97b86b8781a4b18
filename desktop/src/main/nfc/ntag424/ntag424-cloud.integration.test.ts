import { describe, expect, test } from 'vitest';
import { nfcHarnessPerFile } from '../../../../test/nfc/harness-per-file.ts';
import type { BandRegistration } from '../band-registry.ts';
import type { Outcome } from '../nfc-events.ts';
import { cloudDeskPerFile, phoneTap, syncRegistrations, tapVerdicts } from '../testing/cloud-bands.ts';

/**
 * NTAG 424 DNA end to end: the desk gets its organization's master key from a real cloud, personalises
 * virtual 424s through pcscd + vpcd, registers them through its local store and sync; phones tap through
 * the cloud's redirect with the SUN each read makes, and TapLog says GENUINE, REPLAYED or COPIED.
 */
const nfc = nfcHarnessPerFile();
const desk = cloudDeskPerFile('sm-424-sync-');

const phoneRead = (name: string) => nfc.phoneRead(name);

function encoded(outcome: Outcome): BandRegistration {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(JSON.stringify(outcome));
  return outcome.registration;
}

describe('an NTAG 424 DNA band encoded at the desk, tapped through the cloud', () => {
  test('its taps are genuine, the same URL again is replayed, another band’s SUN on its URL is copied', async () => {
    const keys = await desk.cloud.client.trust.sdmMasterKeys.query({ orgId: desk.cloud.demo.orgId });
    await nfc.call('sdmKeys.set', {
      version: keys.version,
      keys: Object.fromEntries(keys.versions.map((v) => [v.version, v.key])),
    });
    await nfc.call('settings.set', { hubBaseUrl: desk.cloud.url, lockAfterEncode: false });
    await nfc.call('desk.setOrg', { orgId: desk.cloud.demo.orgId });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: desk.cloud.demo.eventId });
    await nfc.createNtag424('wristband');
    await nfc.createNtag424('neighbour');
    const band = encoded(await nfc.tapAndLift('wristband'));
    const neighbour = encoded(await nfc.tapAndLift('neighbour'));
    expect(band).toMatchObject({ trust: 'NTAG424_SUN', secretVersion: keys.version });

    await syncRegistrations(desk.store, desk.cloud, await nfc.registrations());
    const stored = await desk.db.query(
      'select band_id, trust, secret_version from bands where band_id = any($1) order by band_id',
      [[band.bandId, neighbour.bandId]],
    );
    expect(stored.rows).toEqual(
      [band.bandId, neighbour.bandId]
        .sort()
        .map((bandId) => ({ band_id: bandId, trust: 'NTAG424_SUN', secret_version: keys.version })),
    );

    const first = await phoneRead('wristband');
    const ids = [await phoneTap(first), await phoneTap(await phoneRead('wristband')), await phoneTap(first)];
    // Another band's genuine SUN pasted onto this band's URL (a forger with a 424 of their own).
    const theirs = new URL((await phoneRead('neighbour'))!);
    const forged = new URL(first!);
    forged.searchParams.set('picc', theirs.searchParams.get('picc')!);
    forged.searchParams.set('cmac', theirs.searchParams.get('cmac')!);
    ids.push(await phoneTap(forged.toString()));
    // A SUN under a key that is not the organization's (a band personalised elsewhere).
    forged.searchParams.set('cmac', '0123456789ABCDEF');
    ids.push(await phoneTap(forged.toString()));
    ids.push(await phoneTap(await phoneRead('wristband')));

    expect(await tapVerdicts(desk.cloud, ids)).toEqual([
      'GENUINE COUNTER_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'COPIED UID_MISMATCH',
      expect.stringMatching(/^COPIED SUN_INVALID/),
      'GENUINE COUNTER_ADVANCED',
    ]);
  });
});
