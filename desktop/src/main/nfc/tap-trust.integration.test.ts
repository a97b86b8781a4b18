import { createHmac } from 'node:crypto';
import { NTAG_CONFIG_PAGES } from '@sparkmotion/shared/ntag/config';
import { deriveNtagPassword } from '@sparkmotion/shared/ntag/password';
import { beforeEach, describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { Outcome } from './nfc-events.ts';

/** Tap trust at the desk: encode with the UID + counter mirror and the per-band password, through pcscd + vpcd. */
const nfc = nfcHarnessPerFile();
const SECRET = '00112233445566778899aabbccddeeff';
const OTHER_SECRET = 'ffeeddccbbaa99887766554433221100';
const hmac = (key: Uint8Array, data: Uint8Array) => createHmac('sha256', key).update(data).digest();

beforeEach(async () => {
  await nfc.call('settings.set', { tagTrust: true, ntagSecret: SECRET, lockAfterEncode: false });
  await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-1' });
});

function encoded(outcome: Outcome) {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(`expected ENCODED, got ${JSON.stringify(outcome)}`);
  return outcome;
}

type TagState = { counter: number; config: { mirrorConf: string; auth0: number; nfcCounter: boolean } };

describe('ENCODE with tap trust on a virtual NTAG21x', () => {
  test.each(['NTAG213', 'NTAG215', 'NTAG216'] as const)(
    'a %s gets the mirror placeholder, the counter, its derived password and AUTH0 = 4; a phone reads UID and counter',
    async (type) => {
      const name = `band-${type}`;
      const uid = await nfc.createTag(name, type);
      const outcome = encoded(await nfc.tapAndLift(name));
      const { bandId } = outcome.registration;
      expect(outcome).toMatchObject({ trust: 'NTAG21X_MIRROR', passwordProtected: true });
      expect(outcome.tag.uri).toBe(`https://hub.sparkmotion.test/e?bandId=${bandId}&m=00000000000000x000000`);
      const state = await nfc.call<TagState>('tag.state', { name });
      expect(state.config).toMatchObject({ mirrorConf: 'UID_AND_COUNTER', auth0: 4, nfcCounter: true });
      const memory = await nfc.memory(name);
      const pages = NTAG_CONFIG_PAGES[type];
      const password = deriveNtagPassword(hmac, Buffer.from(SECRET, 'hex'), Buffer.from(uid, 'hex'));
      expect(memory.subarray(pages.pwd * 4, pages.pwd * 4 + 4)).toEqual(Buffer.from(password.pwd));
      expect(memory.subarray(pages.pack * 4, pages.pack * 4 + 2)).toEqual(Buffer.from(password.pack));
      const base = `https://hub.sparkmotion.test/e?bandId=${bandId}&m=${uid.toUpperCase()}x`;
      expect(await nfc.call('tag.phoneRead', { name })).toBe(`${base}000001`);
      expect(await nfc.call('tag.phoneRead', { name })).toBe(`${base}000002`);
    },
  );

  test('a desk without its organization secret (offline since it started) refuses and writes nothing', async () => {
    await nfc.call('settings.set', { ntagSecret: null });
    const uid = await nfc.createTag('open');
    const before = await nfc.memory('open');
    expect(await nfc.tapAndLift('open')).toMatchObject({ ok: false, code: 'TAG_SECRET_UNAVAILABLE', uid });
    expect(await nfc.memory('open')).toEqual(before);
    expect((await nfc.call<TagState>('tag.state', { name: 'open' })).config.auth0).toBe(0xff);
  });

  test('re-encodes a protected band with the derived password; anything else is refused and changes nothing', async () => {
    const uid = await nfc.createTag('protected');
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-A' });
    const first = encoded(await nfc.tapAndLift('protected'));
    const before = await nfc.memory('protected');

    // Another app writing the NDEF pages without the password: the tag NAKs.
    expect(await nfc.call('tag.writePage', { name: 'protected', page: 5, hex: '01020304' })).toBe(false);

    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-B' });
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    await nfc.call('settings.set', { ntagSecret: null });
    expect(await nfc.tapAndLift('protected')).toMatchObject({ ok: false, code: 'TAG_PROTECTED', uid });
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    await nfc.call('settings.set', { ntagSecret: OTHER_SECRET });
    expect(await nfc.tapAndLift('protected')).toMatchObject({ ok: false, code: 'TAG_PROTECTED', uid });
    const after = await nfc.memory('protected');
    expect(after.subarray(16, 160)).toEqual(before.subarray(16, 160));

    await nfc.call('settings.set', { ntagSecret: SECRET });
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    const again = encoded(await nfc.tapAndLift('protected'));
    expect(again.registration).toMatchObject({ uid, eventId: 'event-B' });
    expect(again.registration.bandId).not.toBe(first.registration.bandId);
    expect(await nfc.call('tag.phoneRead', { name: 'protected' })).toContain(`bandId=${again.registration.bandId}&m=`);
  });

  test('turning tap trust off re-encodes a mirrored band with a plain URL and the factory configuration', async () => {
    const uid = await nfc.createTag('back-to-plain');
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-C' });
    encoded(await nfc.tapAndLift('back-to-plain'));
    await nfc.call('settings.set', { tagTrust: false });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: 'event-D' });
    await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
    const plain = encoded(await nfc.tapAndLift('back-to-plain'));
    expect(plain).toMatchObject({ trust: 'NONE', passwordProtected: false });
    expect(await nfc.call('tag.phoneRead', { name: 'back-to-plain' })).toBe(
      `https://hub.sparkmotion.test/e?bandId=${plain.registration.bandId}`,
    );
    expect((await nfc.call<TagState>('tag.state', { name: 'back-to-plain' })).config).toMatchObject({
      mirrorConf: 'NONE',
      auth0: 0xff,
    });
  });

  test('a band that left mid-write, before or after its configuration, is finished when it comes back', async () => {
    await nfc.createTag('measure');
    encoded(await nfc.tapAndLift('measure'));
    const writes = (await nfc.stats('measure')).writes;
    for (const [name, after] of [
      ['left-early', 2],
      ['left-before-cfg0', writes - 1],
    ] as const) {
      const uid = await nfc.createTag(name);
      expect(await nfc.tapAndLift(name, 0, { removeAfterWrites: after })).toMatchObject({
        ok: false,
        code: 'REMOVED_MID_WRITE',
        uid,
      });
      const retried = encoded(await nfc.tapAndLift(name));
      expect(retried).toMatchObject({ retried: true, passwordProtected: true });
      expect(await nfc.call('tag.phoneRead', { name })).toContain(
        `bandId=${retried.registration.bandId}&m=${uid.toUpperCase()}x`,
      );
      expect((await nfc.call<TagState>('tag.state', { name })).config.auth0).toBe(4);
    }
  });

  test('locks a protected band read-only after encoding when asked (the password opens the lock pages)', async () => {
    await nfc.call('settings.set', { lockAfterEncode: true });
    await nfc.createTag('locked');
    const outcome = encoded(await nfc.tapAndLift('locked'));
    await nfc.call('settings.set', { lockAfterEncode: false });
    expect(outcome).toMatchObject({ locked: true, passwordProtected: true });
    expect((await nfc.memory('locked')).subarray(10, 12).toString('hex')).toBe('ffff');
  });
});
