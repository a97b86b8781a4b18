import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { AUTH0_DISABLED, NTAG_CONFIG_PAGES, type NtagConfig } from '@sparkmotion/shared/ntag/config';
import { deriveNtagPassword } from '@sparkmotion/shared/ntag/password';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { STATIONS } from '../../../test/nfc/harness.ts';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import { cloudJoin, cloudLogin } from '../session/cloud-login.ts';
import { createSessionService } from '../session/session.service.ts';
import { createEncryptedFileSessionStore } from '../session/session-store.ts';
import { aesCipher } from '../session/testing/aes-cipher.ts';
import { createStoreBandRegistry } from '../store/band-registry.ts';
import { LocalStore } from '../store/local-store.ts';
import { createNetworkSwitch, type NetworkSwitch } from '../sync/testing/network-switch.ts';
import type { BandRegistration } from './band-registry.ts';
import type { NtagSecrets } from './encode-session.ts';
import type { Outcome } from './nfc-events.ts';
import type { OrgSdmKeys } from './ntag424/personalise.ts';
import { createOrgSecretStore } from './org-secret-store.ts';
import { createCloudOrgSecrets } from './tag-secrets.ts';
import { newMember, phoneTap, syncRegistrations, tapVerdicts } from './testing/cloud-bands.ts';

/**
 * The organization's secrets kept by the desk for encoding offline: a desk restarted while the venue's network
 * is down encodes NTAG 424 DNA and password-protected NTAG21x bands with what it was handed before (from its
 * encrypted file), and those bands tap genuine once synced. The desk reaches a real cloud through a switch the
 * test cuts; the encrypted files are real, the OS key store is an AES cipher.
 */
const nfc = nfcHarnessPerFile();
let cloud: TestCloud;
let network: NetworkSwitch;
let dir: string;
const cipher = aesCipher();
const hmac = (key: Uint8Array, data: Uint8Array) => createHmac('sha256', key).update(data).digest();

beforeAll(async () => {
  [cloud, dir] = await Promise.all([startTestCloud(), mkdtemp(join(tmpdir(), 'sm-offline-secrets-'))]);
  network = await createNetworkSwitch(cloud.url);
});
afterAll(async () => {
  await network?.close();
  await cloud?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await network.up();
});

/** A desk's session and secret sources as `compose.ts` wires them, its files in `dataDir`: one start of the app. */
function startDesk(dataDir: string) {
  const session = createSessionService({
    store: createEncryptedFileSessionStore(join(dataDir, 'session.bin'), cipher),
    login: cloudLogin,
    join: cloudJoin,
  });
  const secrets = createCloudOrgSecrets({
    session,
    kept: createOrgSecretStore({ file: join(dataDir, 'org-secrets.bin'), cipher }),
    orgOfEvent: async (eventId) => (eventId === cloud.demo.eventId ? cloud.demo.orgId : null),
    timeoutMs: 500,
  });
  const both = async () => ({
    sdmKeys: await secrets.sdmKeys(cloud.demo.eventId),
    ntagSecrets: await secrets.tagSecret(cloud.demo.eventId),
  });
  return { session, both };
}

const signIn = (desk: ReturnType<typeof startDesk>, user: { email: string; password: string } = cloud.demo) =>
  desk.session.signIn({ cloudUrl: network.url, email: user.email, password: user.password });

/** `{ version, keys }` as the harness takes secrets by version. */
const wire = (version: number | undefined, byVersion: ReadonlyMap<number, Uint8Array> | undefined) => ({
  version,
  keys: byVersion
    ? Object.fromEntries([...byVersion].map(([v, key]) => [v, Buffer.from(key).toString('hex')]))
    : undefined,
});

/** The station encodes with what the desk's sources answered (the harness's service lives in its own network). */
async function stationGets(
  { sdmKeys, ntagSecrets }: { sdmKeys: OrgSdmKeys | null; ntagSecrets: NtagSecrets | null },
  eventId = cloud.demo.eventId,
) {
  await nfc.call('sdmKeys.set', wire(sdmKeys?.version, sdmKeys?.masterKeys));
  await nfc.call('tagSecrets.set', wire(ntagSecrets?.version, ntagSecrets?.secrets));
  await nfc.call('settings.set', {
    hubBaseUrl: cloud.url,
    tagTrust: true,
    ntagSecret: undefined,
    lockAfterEncode: false,
  });
  await nfc.call('desk.setOrg', { orgId: cloud.demo.orgId });
  await nfc.setMode(0, { kind: 'ENCODE', eventId });
}

function encoded(outcome: Outcome): BandRegistration {
  if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(JSON.stringify(outcome));
  return outcome.registration;
}

describe('a desk restarted without the network', () => {
  test('encodes 424 and protected NTAG21x bands with the secrets it was handed, and they tap genuine', async () => {
    const dataDir = join(dir, 'handed');
    const before = startDesk(dataDir);
    await signIn(before);
    const handed = await before.both();
    expect(handed.sdmKeys?.version).toBeGreaterThan(0);
    const ntagSecret = Buffer.from(handed.ntagSecrets!.secrets.get(handed.ntagSecrets!.version)!).toString('hex');
    expect(ntagSecret).toMatch(/^[0-9a-f]{64}$/);
    const onDisk = (await readFile(join(dataDir, 'org-secrets.bin'))).toString('latin1');
    expect(onDisk).not.toContain(ntagSecret);
    expect(onDisk).not.toContain(Buffer.from(handed.sdmKeys!.masterKeys.get(handed.sdmKeys!.version)!).toString('hex'));

    await network.down();
    const restarted = startDesk(dataDir);
    const started = performance.now();
    const offline = await restarted.both();
    expect(performance.now() - started).toBeLessThan(1500);
    expect(offline).toEqual(handed);

    await stationGets(offline);
    await nfc.createNtag424('band-424');
    await nfc.createTag('band-215', 'NTAG215');
    const band424 = encoded(await nfc.tapAndLift('band-424'));
    const band215 = encoded(await nfc.tapAndLift('band-215'));
    expect(band424).toMatchObject({ trust: 'NTAG424_SUN', secretVersion: handed.sdmKeys!.version });
    expect(band215).toMatchObject({ trust: 'NTAG21X_MIRROR' });
    // Write-protected with the organization's password from AUTH0 on.
    const { config } = await nfc.call<{ config: NtagConfig }>('tag.state', { name: 'band-215' });
    expect(config.auth0).not.toBe(AUTH0_DISABLED);

    // Back online, the bands reach the cloud the product's way (local store, sync) and phones tap them.
    await network.up();
    const store = await LocalStore.open({ file: join(dataDir, 'store.sqlite') });
    try {
      await syncRegistrations(store, cloud, await nfc.registrations());
    } finally {
      await store.close();
    }
    const ids = [await phoneTap(await nfc.phoneRead('band-424')), await phoneTap(await nfc.phoneRead('band-215'))];
    expect(await tapVerdicts(cloud, ids)).toEqual(['GENUINE COUNTER_ADVANCED', 'GENUINE COUNTER_ADVANCED']);
  });

  test('that was never handed them refuses to encode with TAG_SECRET_UNAVAILABLE', async () => {
    const dataDir = join(dir, 'never');
    await signIn(startDesk(dataDir));
    await network.down();
    const restarted = await startDesk(dataDir).both();
    expect(restarted).toEqual({ sdmKeys: null, ntagSecrets: null });

    await stationGets(restarted);
    await nfc.createNtag424('fresh-424');
    await nfc.createTag('fresh-215', 'NTAG215');
    expect(await nfc.tapAndLift('fresh-424')).toMatchObject({ ok: false, code: 'TAG_SECRET_UNAVAILABLE' });
    expect(await nfc.tapAndLift('fresh-215')).toMatchObject({ ok: false, code: 'TAG_SECRET_UNAVAILABLE' });
  });

  test('has none after a sign-out, even when the same person signs in again', async () => {
    const dataDir = join(dir, 'signed-out');
    const desk = startDesk(dataDir);
    await signIn(desk);
    expect((await desk.both()).sdmKeys).not.toBeNull();
    await desk.session.signOut();
    await signIn(desk);
    await network.down();
    expect(await startDesk(dataDir).both()).toEqual({ sdmKeys: null, ntagSecrets: null });
    await expect(readFile(join(dataDir, 'org-secrets.bin'))).rejects.toThrow();
  });
});

describe('what the desk keeps follows the cloud', () => {
  test('a rotated key version replaces the kept set: offline the desk has the new version and every older one', async () => {
    const dataDir = join(dir, 'rotated');
    const desk = startDesk(dataDir);
    await signIn(desk);
    const first = (await desk.both()).sdmKeys!;
    const { version } = await cloud.client.trust.rotateSdmMasterKey.mutate({ orgId: cloud.demo.orgId });
    expect(version).toBe(first.version + 1);

    const next = startDesk(dataDir); // a restart online: the cloud hands out the new version
    expect((await next.both()).sdmKeys?.version).toBe(version);
    await network.down();
    const offline = (await startDesk(dataDir).both()).sdmKeys!;
    expect(offline.version).toBe(version);
    expect([...offline.masterKeys.keys()]).toEqual([...first.masterKeys.keys(), version]);
  });

  test('a person who is no longer an editor loses them; the network failing loses nothing', async () => {
    const editor = await newMember(cloud, 'EDITOR', 'Editor desk');
    const dataDir = join(dir, 'demoted');
    const desk = startDesk(dataDir);
    await signIn(desk, editor);
    const handed = await desk.both();
    expect(handed.sdmKeys).not.toBeNull();

    await network.down();
    expect(await startDesk(dataDir).both()).toEqual(handed);

    await network.up();
    await cloud.client.orgs.changeRole.mutate({ orgId: cloud.demo.orgId, userId: editor.userId, role: 'VIEWER' });
    expect(await startDesk(dataDir).both()).toEqual({ sdmKeys: null, ntagSecrets: null });
    await network.down();
    expect(await startDesk(dataDir).both()).toEqual({ sdmKeys: null, ntagSecrets: null });
  });
});

describe('a band written with an older version of the NTAG secret', () => {
  /** The password the tag holds (PWD reads as zeros over NFC: straight from the virtual tag's memory). */
  const storedPassword = async (name: string) => {
    const memory = await nfc.memory(name);
    const { pwd } = NTAG_CONFIG_PAGES.NTAG215;
    return memory.subarray(pwd * 4, pwd * 4 + 4);
  };
  const passwordOf = (secrets: NtagSecrets, version: number, uid: string) =>
    Buffer.from(deriveNtagPassword(hmac, secrets.secrets.get(version)!, Buffer.from(uid, 'hex')).pwd);

  /**
   * A desk (its files in a folder named `name`) encodes the NTAG215 `name` with the current version, syncs it,
   * and the OWNER rotates the secret; `then` goes on from there with the desk's local store open.
   */
  async function bandThenRotation(
    name: string,
    then: (band: {
      dataDir: string;
      store: LocalStore;
      uid: string;
      first: BandRegistration;
      version: number;
    }) => Promise<void>,
  ) {
    const dataDir = join(dir, name);
    await mkdir(dataDir);
    const store = await LocalStore.open({ file: join(dataDir, 'store.sqlite') });
    try {
      const desk = startDesk(dataDir);
      await signIn(desk);
      const before = await desk.both();
      await stationGets(before);
      const uid = await nfc.createTag(name, 'NTAG215');
      const first = encoded(await nfc.tapAndLift(name));
      const old = before.ntagSecrets!.version;
      expect(first).toMatchObject({ trust: 'NTAG21X_MIRROR', secretVersion: old });
      expect(await storedPassword(name)).toEqual(passwordOf(before.ntagSecrets!, old, uid));
      await syncRegistrations(store, cloud, [first]);

      const { version } = await cloud.client.trust.rotateNtagSecret.mutate({ orgId: cloud.demo.orgId });
      expect(version).toBe(old + 1);
      await then({ dataDir, store, uid, first, version });
    } finally {
      await store.close();
    }
  }

  test('is moved forward in place when tapped at a station encoding its own event: same band, current version', () =>
    bandThenRotation('in-place', async ({ dataDir, store, uid, first, version }) => {
      const after = await startDesk(dataDir).both();
      await stationGets(after);
      const again = encoded(await nfc.tapAndLift('in-place'));
      expect(again).toMatchObject({ bandId: first.bandId, uid, eventId: first.eventId, secretVersion: version });
      expect(await storedPassword('in-place')).toEqual(passwordOf(after.ntagSecrets!, version, uid));
      expect(await nfc.tapAndLift('in-place')).toMatchObject({ ok: true, kind: 'ALREADY_ENCODED' });
      expect(await nfc.registrations()).toContainEqual(
        expect.objectContaining({ bandId: first.bandId, secretVersion: version }),
      );

      // Synced as the same band registered again: the cloud moves its version forward and audits it.
      await syncRegistrations(store, cloud, [again]);
      const { rows } = await cloud.db.query<{ uid: string; status: string; secret_version: number }>(
        'select uid, status, secret_version from bands where band_id = $1',
        [first.bandId],
      );
      expect(rows).toEqual([{ uid: uid.toUpperCase(), status: 'ACTIVE', secret_version: version }]);
      const audit = await cloud.client.audit.list.query({ orgId: cloud.demo.orgId });
      expect(JSON.stringify(audit)).toContain('band.rekey');
      expect(await createStoreBandRegistry(store).findByUid(uid)).toMatchObject({ secretVersion: version });
      const tap = await phoneTap(await nfc.phoneRead('in-place'));
      expect(await tapVerdicts(cloud, [tap])).toEqual(['GENUINE COUNTER_ADVANCED']);
    }));

  test.each([
    ['a desk online', 'rotated-online'],
    ['a desk restarted offline with the versions it kept', 'rotated-offline'],
  ])(
    'is re-encoded after a rotation by %s: the current version locks it, its old one no longer opens it',
    (_desk, name) =>
      bandThenRotation(name, async ({ dataDir, store, uid, first, version }) => {
        let after = await startDesk(dataDir).both(); // a restart online: the cloud hands out the new version
        if (name === 'rotated-offline') {
          await network.down();
          after = await startDesk(dataDir).both();
        }
        const old = first.secretVersion!;
        expect(after.ntagSecrets?.version).toBe(version);
        expect([...after.ntagSecrets!.secrets.keys()]).toContain(old);

        // Re-encoded for another event (staff confirm overwriting the band): opened with its own version.
        const other = await cloud.newEvent(`Re-encoded ${name}`);
        await stationGets(after, other.id);
        expect(await nfc.tapAndLift(name)).toMatchObject({ ok: false, code: 'NEEDS_OVERWRITE_CONFIRMATION' });
        await nfc.call('service.confirmOverwrite', { stationId: STATIONS[0], uid });
        const again = encoded(await nfc.tapAndLift(name));
        expect(again).toMatchObject({ uid, eventId: other.id, trust: 'NTAG21X_MIRROR', secretVersion: version });
        const stored = await storedPassword(name);
        expect(stored).toEqual(passwordOf(after.ntagSecrets!, version, uid));
        expect(stored).not.toEqual(passwordOf(after.ntagSecrets!, old, uid));

        // The cloud and the desk's replica record the version the band moved to; the band taps genuine.
        await network.up();
        await createStoreBandRegistry(store).release(uid);
        await syncRegistrations(store, cloud, [again]);
        const { rows } = await cloud.db.query<{ band_id: string; uid: string | null; secret_version: number }>(
          'select band_id, uid, secret_version from bands where band_id = any($1) order by secret_version',
          [[first.bandId, again.bandId]],
        );
        expect(rows).toEqual([
          { band_id: first.bandId, uid: null, secret_version: old },
          { band_id: again.bandId, uid: uid.toUpperCase(), secret_version: version },
        ]);
        expect(await createStoreBandRegistry(store).findByUid(uid)).toMatchObject({ secretVersion: version });
        const tap = await phoneTap(await nfc.phoneRead(name));
        expect(await tapVerdicts(cloud, [tap])).toEqual(['GENUINE COUNTER_ADVANCED']);
      }),
  );
});
