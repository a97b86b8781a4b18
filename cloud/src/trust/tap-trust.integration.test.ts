import { createCipheriv, randomUUID } from 'node:crypto';
import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { applyMirror, planMirror, withMirrorPlaceholder } from '@sparkmotion/shared/ntag/mirror';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { sdmMac } from '@sparkmotion/shared/ntag424/sun';
import { beforeAll, describe, expect, test } from 'vitest';
import { PHONE_USER_AGENT, useTestCloud } from '../../test/support/index.ts';
import { currentOrgSecret } from './org-secrets.ts';

/**
 * Tap trust through a real cloud: the redirect answers (302, always), the pipeline classifies each tap
 * with the Redis counter gate and stores the verdict on its TapLog row; analytics and /metrics show it.
 */
const UID = '04A1B2C3D4E5F6';
const OTHER_UID = '04998877665544';
let band = ''; // NTAG21X_MIRROR band with UID
let legacy = ''; // encoded before tap trust, UID known (trust on first proof)
let unknownUid = ''; // encoded before tap trust, no UID

const tc = useTestCloud();

beforeAll(async () => {
  [band, legacy, unknownUid] = tc.demo.bandIds as [string, string, string];
  await tc.db.query(`update bands set uid = $2, trust = 'NTAG21X_MIRROR' where band_id = $1`, [
    band,
    UID.toLowerCase(),
  ]);
  await tc.db.query(`update bands set uid = $2 where band_id = $1`, [legacy, '04010203040506']);
  await tc.db.query(`update bands set uid = null where band_id = $1`, [unknownUid]);
});

/** The URL a phone reads from a tag whose NDEF was written for `bandId` with the mirror placeholder. */
function phoneUrl(bandId: string, uid: string, counter: number, mirror = true): string {
  const plan = planMirror('NTAG213', withMirrorPlaceholder(`${tc.url}/e?bandId=${bandId}`));
  const config = {
    mirrorConf: mirror ? 'UID_AND_COUNTER' : 'NONE',
    mirrorPage: plan.mirrorPage,
    mirrorByte: plan.mirrorByte,
  } as const;
  const shown = applyMirror('NTAG213', plan.data, config, Buffer.from(uid, 'hex'), counter);
  const scan = scanTlvs(shown);
  if (scan.kind !== 'ndef') throw new Error('no NDEF');
  return findUri(parseNdefMessage(shown.subarray(scan.valueOffset, scan.valueOffset + scan.length)))!;
}

/** Taps `url`; returns the tap id after checking the attendee got a redirect. */
async function tap(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } });
  expect(response.status).toBe(302);
  return response.headers.get('x-tap-id')!;
}

async function verdicts(ids: string[]): Promise<Array<{ verdict: string | null; reason: string | null }>> {
  await tc.cloud.taps.drain();
  const { rows } = await tc.db.query<{ id: string; verdict: string | null; reason: string | null }>(
    'select id, trust_verdict as verdict, trust_reason as reason from tap_log where id = any($1::uuid[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`tap ${id} did not land`);
    return { verdict: row.verdict, reason: row.reason };
  });
}

describe('each tap of a band is classified after its redirect', () => {
  test('repeated taps of the band are genuine; the same URL again is replayed; another UID or no mirror is copied', async () => {
    const ids = [
      await tap(phoneUrl(band, UID, 1)),
      await tap(phoneUrl(band, UID, 2)),
      await tap(phoneUrl(band, UID, 5)),
      await tap(phoneUrl(band, UID, 2)),
      await tap(phoneUrl(band, OTHER_UID, 9)),
      await tap(phoneUrl(band, UID, 6, false)),
      await tap(`${tc.url}/e?bandId=${band}`),
      await tap(phoneUrl(band, UID, 6)),
    ];
    expect(await verdicts(ids)).toEqual([
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'REPLAYED', reason: 'COUNTER_NOT_ADVANCED' },
      { verdict: 'COPIED', reason: 'UID_MISMATCH' },
      { verdict: 'COPIED', reason: 'PLACEHOLDER' },
      { verdict: 'COPIED', reason: 'NO_EVIDENCE' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
    ]);
    const { rows } = await tc.db.query('select last_counter from band_trust_state where band_id = $1', [band]);
    expect(rows[0]).toEqual({ last_counter: 6 });
  });

  test('concurrent taps with the same counter: exactly one is genuine', async () => {
    const url = phoneUrl(band, UID, 100);
    const ids = await Promise.all(Array.from({ length: 12 }, () => tap(url)));
    const result = await verdicts(ids);
    expect(result.filter((r) => r.verdict === 'GENUINE')).toHaveLength(1);
    expect(result.filter((r) => r.verdict === 'REPLAYED')).toHaveLength(11);
  });

  test('the counter on record in PostgreSQL holds when Redis lost its key', async () => {
    const redis = (await import('ioredis')).Redis;
    const client = new redis(tc.config.redis.url!);
    await client.del(`${tc.config.redis.keyPrefix}trust:ctr:h:${band}`);
    client.disconnect();
    const [old] = await verdicts([await tap(phoneUrl(band, UID, 100))]);
    expect(old).toEqual({ verdict: 'REPLAYED', reason: 'COUNTER_NOT_ADVANCED' });
  });

  test('a forged counter far ahead (m=<UID>xFFFFFF after one URL seen) is flagged, and the real band stays genuine and served', async () => {
    await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'FALLBACK' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const fallback = (await tc.db.query('select fallback_url from events where id = $1', [tc.demo.eventId])).rows[0]
        .fallback_url;
      const forged = phoneUrl(band, UID, 101).replace(/x[0-9A-F]{6}$/, 'xFFFFFF');
      const sent: Array<{ id: string; location: string | null }> = [];
      for (const url of [
        phoneUrl(band, UID, 101),
        forged,
        phoneUrl(band, UID, 102),
        forged,
        phoneUrl(band, UID, 103),
      ]) {
        const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } });
        sent.push({ id: response.headers.get('x-tap-id')!, location: response.headers.get('location') });
      }
      expect(await verdicts(sent.map((s) => s.id))).toEqual([
        { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
        { verdict: 'COPIED', reason: 'COUNTER_JUMP' },
        { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
        { verdict: 'COPIED', reason: 'COUNTER_JUMP' },
        { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      ]);
      expect(sent.map((s) => s.location === fallback)).toEqual([false, true, false, true, false]);
      const { rows } = await tc.db.query('select last_counter from band_trust_state where band_id = $1', [band]);
      expect(rows[0]).toEqual({ last_counter: 103 });
    } finally {
      await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'SAME_PAGE' });
    }
  });

  test('two forged taps in a row (xFFFFFE, then xFFFFFF) do not confirm each other: the real band stays genuine', async () => {
    const forged = (counter: string) => phoneUrl(band, UID, 104).replace(/x[0-9A-F]{6}$/, `x${counter}`);
    const ids: string[] = [];
    for (const url of [phoneUrl(band, UID, 104), forged('FFFFFE'), forged('FFFFFF'), phoneUrl(band, UID, 105)]) {
      const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } });
      ids.push(response.headers.get('x-tap-id')!);
    }
    expect(await verdicts(ids)).toEqual([
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'COPIED', reason: 'COUNTER_JUMP' },
      { verdict: 'COPIED', reason: 'COUNTER_JUMP' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
    ]);
    const { rows } = await tc.db.query('select last_counter from band_trust_state where band_id = $1', [band]);
    expect(rows[0]).toEqual({ last_counter: 105 });
  });

  test('a band locked out before its first real tap here is freed by the organizer’s counter reset, audited', async () => {
    const fresh = tc.demo.bandIds[3]!;
    await tc.db.query(`update bands set uid = $2, trust = 'NTAG21X_MIRROR' where band_id = $1`, [
      fresh,
      OTHER_UID.toLowerCase(),
    ]);
    const url = (counter: number) => phoneUrl(fresh, OTHER_UID, counter);
    // No mark yet: two forged taps in a row confirm each other (docs/tap-trust.md says so), the real one is REPLAYED.
    const locked = [await tap(url(0xfffffe)), await tap(url(0xffffff)), await tap(url(7))];
    expect((await verdicts(locked)).map((v) => v.verdict)).toEqual(['COPIED', 'GENUINE', 'REPLAYED']);
    await tc.client.trust.resetBandCounter.mutate({ orgId: tc.demo.orgId, bandId: fresh });
    expect(await verdicts([await tap(url(8)), await tap(url(9))])).toEqual([
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
    ]);
    const { items } = await tc.client.audit.list.query({ orgId: tc.demo.orgId, entity: 'band', entityId: fresh });
    expect(items[0]).toMatchObject({ action: 'band.resetCounter', before: { lastCounter: 0xffffff } });
  });

  test('a band of another organization cannot be reset', async () => {
    const stranger = await tc.newUser('Stranger');
    const org = await stranger.caller.orgs.create({ name: 'Elsewhere', slug: `elsewhere-${Date.now()}` });
    const error = await stranger.caller.trust
      .resetBandCounter({ orgId: org.id, bandId: band })
      .catch((e: { code?: string }) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  test.each([
    ['too short', 'm=04A1B2', 'MALFORMED:LENGTH'],
    ['no separator', `m=${UID}y000001`, 'MALFORMED:SEPARATOR'],
    ['UID not hex', 'm=04A1B2C3D4E5GGx000001', 'MALFORMED:UID_NOT_HEX'],
    ['counter not hex', `m=${UID}x00000Z`, 'MALFORMED:COUNTER_NOT_HEX'],
    ['repeated', `m=${UID}x000200&m=${UID}x000201`, 'MALFORMED:REPEATED'],
    ['empty', 'm=', 'MALFORMED:LENGTH'],
    ['percent garbage', 'm=%E0%A4%A', 'MALFORMED:LENGTH'],
    ['oversized', `m=${'A'.repeat(5000)}`, 'MALFORMED:LENGTH'],
    ['SUN parameters on a mirror band', 'picc=00&cmac=00', 'NO_EVIDENCE'],
  ])('a malformed m= (%s) still redirects and is COPIED with its reason', async (_case, query, reason) => {
    const [result] = await verdicts([await tap(`${tc.url}/e?bandId=${band}&${query}`)]);
    expect(result).toEqual({ verdict: 'COPIED', reason });
  });

  test('a band encoded before tap trust is UNVERIFIED until a tap proves its mirror with its own UID', async () => {
    const ids = [
      await tap(`${tc.url}/e?bandId=${unknownUid}&m=${UID}x000001`),
      await tap(`${tc.url}/e?bandId=${legacy}`),
      await tap(phoneUrl(legacy, '04010203040506', 3)),
    ];
    await verdicts(ids);
    const later = await tap(`${tc.url}/e?bandId=${legacy}`);
    expect(await verdicts([...ids, later])).toEqual([
      { verdict: 'UNVERIFIED', reason: 'NOT_ENROLLED' },
      { verdict: 'UNVERIFIED', reason: 'NOT_ENROLLED' },
      { verdict: 'GENUINE', reason: 'COUNTER_ADVANCED' },
      { verdict: 'COPIED', reason: 'NO_EVIDENCE' },
    ]);
    const { rows } = await tc.db.query('select trust from bands where band_id = $1', [legacy]);
    expect(rows[0]).toEqual({ trust: 'NTAG21X_MIRROR' });
  });

  test('unknown and malformed band ids with trust parameters get the friendly page, never a 5xx', async () => {
    for (const path of [`/e?bandId=ZZZZZZZZZZZZZZZZ&m=${UID}x000001`, '/e?bandId=%&m=%', `/e/${band}?picc=zz&cmac=`]) {
      const response = await fetch(`${tc.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBeLessThan(500);
    }
  });
});

describe('an NTAG 424 DNA band', () => {
  /** A SUN message as the band's tag writes it: PICCData encrypted with the meta-read key, MAC with its file key. */
  function sunUrl(bandId: string, masterKey: Buffer, uid: Buffer, counter: number): string {
    const keys = sdmKeysFor(masterKey);
    const ctr = Buffer.of(counter & 0xff, (counter >> 8) & 0xff, counter >> 16);
    const cipher = createCipheriv('aes-128-cbc', keys.metaReadKey, Buffer.alloc(16));
    cipher.setAutoPadding(false);
    const picc = cipher.update(Buffer.concat([Buffer.of(0xc7), uid, ctr, Buffer.alloc(5)])).toString('hex');
    const mac = sdmMac(keys.fileReadKey(uid), uid, ctr, new Uint8Array()).toString('hex');
    return `${tc.url}/e?bandId=${bandId}&picc=${picc.toUpperCase()}&cmac=${mac.toUpperCase()}`;
  }

  test('is genuine with a valid SUN message under its organization key, replayed again, copied when forged', async () => {
    const { rows } = await tc.db.query<{ band_id: string }>(
      `insert into bands (id, org_id, event_id, band_id, uid, registered_at, trust)
       values ($1, $2, $3, 'SunBand424DnaXyz', '04de5f1eacc040', now(), 'NTAG424_SUN') returning band_id`,
      [randomUUID(), tc.demo.orgId, tc.demo.eventId],
    );
    const bandId = rows[0]!.band_id;
    const connection = tc.cloud.orm.em.getConnection();
    const { secret: sdmMasterKey } = await currentOrgSecret(
      (sql, params) => connection.execute(sql, params),
      tc.cloud.contextDeps.secretBox,
      tc.demo.orgId,
      'NTAG424',
    );
    const uid = Buffer.from('04DE5F1EACC040', 'hex');
    const first = sunUrl(bandId, sdmMasterKey, uid, 7);
    const ids = [
      await tap(first),
      await tap(sunUrl(bandId, sdmMasterKey, uid, 8)),
      await tap(first),
      await tap(sunUrl(bandId, Buffer.alloc(16, 1), uid, 9)),
      await tap(first.replace(/cmac=.*/, 'cmac=0000000000000000')),
      await tap(`${tc.url}/e?bandId=${bandId}&picc=XYZ&cmac=`),
      await tap(`${tc.url}/e?bandId=${bandId}`),
    ];
    const result = await verdicts(ids);
    expect(result.map((r) => r.verdict)).toEqual([
      'GENUINE',
      'GENUINE',
      'REPLAYED',
      'COPIED',
      'COPIED',
      'COPIED',
      'COPIED',
    ]);
    expect(result[6]).toEqual({ verdict: 'COPIED', reason: 'NO_EVIDENCE' });
    expect(result[4]!.reason).toMatch(/^SUN_INVALID:/);
  });
});

describe("the event's policy", () => {
  test('SAME_PAGE (default) sends a copy where the band goes; FALLBACK sends copies and replays to the fallback', async () => {
    const { rows } = await tc.db.query<{ fallback_url: string }>('select fallback_url from events where id = $1', [
      tc.demo.eventId,
    ]);
    const fallback = rows[0]!.fallback_url;
    const location = async (url: string) =>
      (await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE_USER_AGENT } })).headers.get('location');
    const served = await location(phoneUrl(band, UID, 200));
    expect(served).not.toBe(fallback);
    expect(await location(`${tc.url}/e?bandId=${band}`)).toBe(served);

    await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'FALLBACK' });
    // The change reaches the redirect's cache through PostgreSQL NOTIFY.
    const deadline = Date.now() + 10_000;
    while ((await location(`${tc.url}/e?bandId=${band}`)) !== fallback) {
      if (Date.now() > deadline) throw new Error('policy change not seen by the redirect');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await location(phoneUrl(band, OTHER_UID, 300))).toBe(fallback);
    expect(await location(phoneUrl(band, UID, 301))).toBe(served);
    expect(await location(phoneUrl(band, UID, 301))).toBe(fallback);
    expect(await location(phoneUrl(band, UID, 302))).toBe(served);
    await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'SAME_PAGE' });
  });

  test('FALLBACK: after the counter reset, the locked-out band is served live on every instance', async () => {
    const locked = tc.demo.bandIds[4]!;
    await tc.db.query(`update bands set uid = $2, trust = 'NTAG21X_MIRROR' where band_id = $1`, [
      locked,
      OTHER_UID.toLowerCase(),
    ]);
    const other = await tc.anotherInstance();
    const instances = [tc.cloud, other];
    const fallback = (await tc.db.query('select fallback_url from events where id = $1', [tc.demo.eventId])).rows[0]
      .fallback_url;
    await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'FALLBACK' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      /** Taps the band with `counter` on `instance` (through its pipeline); its page and verdict. */
      const tapOn = async (instance: (typeof instances)[number], counter: number) => {
        const response = await fetch(phoneUrl(locked, OTHER_UID, counter).replace(tc.url, instance.url), {
          redirect: 'manual',
          headers: { 'user-agent': PHONE_USER_AGENT },
        });
        expect(response.status).toBe(302);
        await instance.taps.drain();
        const [verdict] = await verdicts([response.headers.get('x-tap-id')!]);
        return { fallback: response.headers.get('location') === fallback, verdict: verdict!.verdict };
      };
      // Two forged taps in a row on each instance become the mark there (no mark yet); the real band is diverted.
      for (const instance of instances) {
        await tapOn(instance, 0xfffffe);
        await tapOn(instance, 0xffffff);
      }
      for (const [i, instance] of instances.entries()) {
        expect(await tapOn(instance, 7 + i)).toEqual({ fallback: true, verdict: 'REPLAYED' });
      }
      await tc.client.trust.resetBandCounter.mutate({ orgId: tc.demo.orgId, bandId: locked });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const [i, instance] of instances.entries()) {
        expect(await tapOn(instance, 10 + i)).toEqual({ fallback: false, verdict: 'GENUINE' });
      }
    } finally {
      await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'SAME_PAGE' });
    }
  });
});

describe('organizers see it', () => {
  test('summary gives the genuine share; suspicious bands come with their evidence', async () => {
    const summary = await tc.client.trust.summary.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId });
    expect(summary.byVerdict.GENUINE).toBeGreaterThanOrEqual(5);
    expect(summary.byVerdict.REPLAYED).toBeGreaterThanOrEqual(12);
    expect(summary.genuineShare).toBeCloseTo(
      summary.byVerdict.GENUINE / (summary.byVerdict.GENUINE + summary.byVerdict.REPLAYED + summary.byVerdict.COPIED),
    );
    const suspicious = await tc.client.trust.suspiciousBands.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId });
    const entry = suspicious.find((s) => s.bandId === band)!;
    expect(entry).toMatchObject({ registeredUid: UID.toLowerCase() });
    expect(entry.replayed).toBeGreaterThanOrEqual(12);
    expect(entry.uidsSeen).toEqual(expect.arrayContaining([UID, OTHER_UID]));
    expect(entry.reasons).toEqual(expect.arrayContaining(['UID_MISMATCH', 'COUNTER_NOT_ADVANCED', 'NO_EVIDENCE']));
  });

  test('another organization sees none of it', async () => {
    const stranger = await tc.newUser('Stranger');
    await expect(stranger.caller.trust.summary({ orgId: tc.demo.orgId, eventId: tc.demo.eventId })).rejects.toThrow();
    await expect(stranger.caller.trust.summary({ orgId: randomUUID(), eventId: tc.demo.eventId })).rejects.toThrow();
  });

  test('the NTAG secret goes to editors of the organization, the same each time; viewers and strangers get nothing', async () => {
    const first = await tc.client.trust.ntagSecret.query({ orgId: tc.demo.orgId });
    expect(first.ntagSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(await tc.client.trust.ntagSecret.query({ orgId: tc.demo.orgId })).toEqual(first);
    const stranger = await tc.newUser('Another stranger');
    await expect(stranger.caller.trust.ntagSecret({ orgId: tc.demo.orgId })).rejects.toThrow();
    const { rows } = await tc.db.query(
      `select count(*)::int as n from org_secrets where org_id = $1 and kind = 'NTAG424'`,
      [tc.demo.orgId],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  test('/metrics counts suspicious taps', async () => {
    const text = await (await fetch(`${tc.url}/metrics`)).text();
    const replayed = /sparkmotion_tap_trust_alerts_total\{verdict="REPLAYED"\} (\d+)/.exec(text);
    expect(Number(replayed?.[1])).toBeGreaterThanOrEqual(12);
  });
});
