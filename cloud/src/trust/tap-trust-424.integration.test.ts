import { randomBytes, randomUUID } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { sunMirror } from '@sparkmotion/shared/ntag424/sun';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PHONE_USER_AGENT, startTestCloud, type TestCloud } from '../../test/support/index.ts';

/**
 * NTAG 424 DNA bands as a desk registers them (sync `band.register` with NTAG424_SUN and the master key
 * version its keys derive from), tapped with the SUN messages such a band sends: the verdicts on TapLog.
 */
let tc: TestCloud;
let db: pg.Client;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' } });
  db = new pg.Client({ connectionString: tc.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await tc.close();
});

async function tap(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } });
  expect(response.status).toBe(302);
  return response.headers.get('x-tap-id')!;
}

async function verdicts(ids: string[]): Promise<string[]> {
  await tc.cloud.taps.drain();
  const { rows } = await db.query<{ id: string; verdict: string; reason: string }>(
    'select id, trust_verdict as verdict, trust_reason as reason from tap_log where id = any($1::uuid[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, `${row.verdict} ${row.reason}`]));
  return ids.map((id) => byId.get(id) ?? 'missing');
}

describe('an NTAG 424 DNA band registered by a desk', () => {
  test('is judged with the master key version it was written with: genuine, replayed, copied', async () => {
    const keys = await tc.client.trust.sdmMasterKeys.query({ orgId: tc.demo.orgId });
    await tc.client.trust.rotateSdmMasterKey.mutate({ orgId: tc.demo.orgId });
    const rotated = await tc.client.trust.sdmMasterKeys.query({ orgId: tc.demo.orgId });
    const v1 = Buffer.from(keys.versions[0]!.key, 'hex');
    const v2 = Buffer.from(rotated.versions.at(-1)!.key, 'hex');
    const uid = Buffer.from(`04${randomBytes(6).toString('hex')}`, 'hex');
    const bandId = mintBandId(orgBandTag(tc.demo.orgId), (n) => randomBytes(n));
    const pushed = await tc.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [
        {
          mutationId: 1,
          name: 'band.register',
          args: {
            bandId,
            uid: uid.toString('hex').toUpperCase(),
            eventId: tc.demo.eventId,
            stationId: 'desk-424',
            registeredAt: new Date().toISOString(),
            trust: 'NTAG424_SUN',
            secretVersion: rotated.version,
          },
        },
      ],
    });
    expect(JSON.stringify(pushed)).not.toContain('"ok":false');
    const stored = await db.query('select trust, secret_version from bands where band_id = $1', [bandId]);
    expect(stored.rows).toEqual([{ trust: 'NTAG424_SUN', secret_version: rotated.version }]);

    const sun = (master: Buffer, counter: number, tagUid = uid, names = ['picc', 'cmac']) => {
      const k = sdmKeysFor(master);
      const m = sunMirror(
        { metaReadKey: k.metaReadKey, fileReadKey: k.fileReadKey(tagUid) },
        tagUid,
        counter,
        randomBytes(5),
      );
      return `${tc.url}/e?bandId=${bandId}&${names[0]}=${m.piccData}&${names[1]}=${m.mac}`;
    };
    const first = sun(v2, 1);
    const otherBand = Buffer.from('04112233445566', 'hex');
    const ids = [
      await tap(first),
      await tap(first), // the same URL again, from the phone's history
      await tap(sun(v2, 2, uid, ['picc_data', 'cmac'])), // named as NXP's tools name it
      await tap(sun(v1, 3)), // keys of the version before: not this band's
      await tap(sun(v2, 4, otherBand)), // another band's SUN on this band's URL
    ];
    expect(await verdicts(ids)).toEqual([
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      expect.stringMatching(/^COPIED SUN_INVALID/),
      'COPIED UID_MISMATCH',
    ]);
  });

  test('imported by CSV with its UID and trust kind (personalised elsewhere), its SUN taps are judged', async () => {
    const keys = await tc.client.trust.sdmMasterKeys.query({ orgId: tc.demo.orgId });
    const master = Buffer.from(keys.versions.at(-1)!.key, 'hex');
    const uid = Buffer.from(`04${randomBytes(6).toString('hex')}`, 'hex');
    const bandId = mintBandId(orgBandTag(tc.demo.orgId), (n) => randomBytes(n));
    const refused = await tc.client.bands.importCsv.mutate({
      orgId: tc.demo.orgId,
      eventId: tc.demo.eventId,
      csv: `bandId,uid,trust\n${bandId},,NTAG424_SUN\n`,
    });
    expect(refused).toMatchObject({
      imported: 0,
      errors: [{ row: 2, message: expect.stringMatching(/needs its tag UID/) }],
    });
    const imported = await tc.client.bands.importCsv.mutate({
      orgId: tc.demo.orgId,
      eventId: tc.demo.eventId,
      csv: `bandId,uid,trust,keyVersion\n${bandId},${uid.toString('hex').toUpperCase()},NTAG424_SUN,${keys.version}\n`,
    });
    expect(imported).toMatchObject({ imported: 1, errors: [] });
    const k = sdmKeysFor(master);
    const sun = sunMirror({ metaReadKey: k.metaReadKey, fileReadKey: k.fileReadKey(uid) }, uid, 5, randomBytes(5));
    // NXP's tools name PICCData picc_data.
    const url = `${tc.url}/e?bandId=${bandId}&picc_data=${sun.piccData}&cmac=${sun.mac}`;
    expect(await verdicts([await tap(url), await tap(url)])).toEqual([
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
    ]);
  });
});
