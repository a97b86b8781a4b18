import { describe, expect, test } from 'vitest';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { Outcome } from './nfc-events.ts';
import { cloudDeskPerFile, phoneTap, syncRegistrations, tapVerdicts } from './testing/cloud-bands.ts';

/**
 * Tap trust end to end: a band encoded at the desk (pcscd + vpcd + the virtual NTAG, mirror and password),
 * registered through the desk's local store and offline sync in a real cloud, tapped by "phones" (the
 * virtual tag presenting its mirror and counter) through the redirect; the cloud's verdicts land on TapLog.
 * Copies of the band are caught, from the very first tap on.
 */
const nfc = nfcHarnessPerFile();
const desk = cloudDeskPerFile('sm-trust-sync-');

const phoneRead = (name: string) => nfc.call<string | null>('tag.phoneRead', { name });

describe('a band encoded with tap trust, tapped through the cloud', () => {
  test('its own taps are genuine, a URL opened again is replayed, copies onto other tags are caught', async () => {
    await nfc.call('settings.set', {
      hubBaseUrl: desk.cloud.url,
      tagTrust: true,
      ntagSecret: '00112233445566778899aabbccddeeff',
      lockAfterEncode: false,
    });
    await nfc.call('desk.setOrg', { orgId: desk.cloud.demo.orgId });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: desk.cloud.demo.eventId });
    await nfc.createTag('wristband', 'NTAG215');
    const outcome: Outcome = await nfc.tapAndLift('wristband');
    if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(JSON.stringify(outcome));
    const { bandId, uid } = outcome.registration;
    // The station's registration (as its BandRegistry got it, trust kind included) goes the product's way:
    // the desk's local store queues `band.register`, the sync engine pushes it to the cloud.
    const [registered] = await nfc.registrations();
    expect(registered).toMatchObject({ bandId, trust: 'NTAG21X_MIRROR' });
    await syncRegistrations(desk.store, desk.cloud, [registered!]);
    const stored = await desk.db.query('select uid, trust from bands where band_id = $1', [bandId]);
    expect(stored.rows).toEqual([{ uid: uid.toUpperCase(), trust: 'NTAG21X_MIRROR' }]);

    // Copies: the stored bytes onto a tag that does not mirror (made before the band's first tap, so the
    // cloud can only know the band mirrors from the desk), onto one that mirrors its own UID, and the URL a
    // phone read written onto a sticker.
    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-raw', source: 'raw', mirror: false });
    const ids = [await phoneTap(await phoneRead('clone-raw'))];
    const first = await phoneRead('wristband');
    expect(first).toMatch(new RegExp(`^${desk.cloud.url}/e\\?bandId=${bandId}&m=${uid.toUpperCase()}x000001$`));
    ids.push(
      await phoneTap(first),
      await phoneTap(await phoneRead('wristband')),
      await phoneTap(await phoneRead('wristband')),
    );
    ids.push(await phoneTap(first)); // the first URL again, from the phone's history

    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-mirror', source: 'raw', mirror: true });
    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-phone', source: 'phone', mirror: false });
    ids.push(await phoneTap(await phoneRead('clone-mirror')));
    ids.push(await phoneTap(await phoneRead('clone-phone')));
    ids.push(await phoneTap(await phoneRead('clone-phone')));
    ids.push(await phoneTap(await phoneRead('wristband'))); // the real band still reads genuine afterwards

    expect(await tapVerdicts(desk.cloud, ids)).toEqual([
      // Before the band's own first tap: with the trust kind synced this is COPIED, not UNVERIFIED.
      'COPIED PLACEHOLDER',
      'GENUINE COUNTER_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'COPIED UID_MISMATCH',
      // The copier's own read moved the band's counter, so the sticker's first tap is indistinguishable from
      // the band's (the limit of a mirror: docs/tap-trust.md); every tap after it is a replay.
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
    ]);
  });
});
