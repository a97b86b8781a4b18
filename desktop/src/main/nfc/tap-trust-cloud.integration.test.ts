import { randomUUID } from 'node:crypto';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nfcHarnessPerFile } from '../../../test/nfc/harness-per-file.ts';
import type { Outcome } from './nfc-events.ts';

/**
 * Tap trust end to end: a band encoded at the desk (pcscd + vpcd + the virtual NTAG, mirror and password),
 * registered in a real cloud, tapped by "phones" (the virtual tag presenting its mirror and counter) through
 * the redirect; the cloud's verdicts land on TapLog. Copies of the band are caught.
 */
const nfc = nfcHarnessPerFile();
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
let cloud: TestCloud;
let db: pg.Client;

beforeAll(async () => {
  cloud = await startTestCloud();
  db = new pg.Client({ connectionString: cloud.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await cloud?.close();
});

async function tap(url: string | null): Promise<string> {
  if (url === null) throw new Error('the tag presented no URL');
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': PHONE } });
  expect(response.status).toBe(302);
  return response.headers.get('x-tap-id')!;
}

const phoneRead = (name: string) => nfc.call<string | null>('tag.phoneRead', { name });

describe('a band encoded with tap trust, tapped through the cloud', () => {
  test('its own taps are genuine, a URL opened again is replayed, copies onto other tags are caught', async () => {
    await nfc.call('settings.set', {
      hubBaseUrl: cloud.url,
      tagTrust: true,
      ntagSecret: '00112233445566778899aabbccddeeff',
      lockAfterEncode: false,
    });
    await nfc.setMode(0, { kind: 'ENCODE', eventId: cloud.demo.eventId });
    await nfc.createTag('wristband', 'NTAG215');
    const outcome: Outcome = await nfc.tapAndLift('wristband');
    if (!outcome.ok || outcome.kind !== 'ENCODED') throw new Error(JSON.stringify(outcome));
    const { bandId, uid } = outcome.registration;
    // What the sync engine pushes for a registration, with the trust kind the station reported.
    await db.query(
      `insert into bands (id, org_id, event_id, band_id, uid, registered_at, station_id, trust)
       values ($1, $2, $3, $4, $5, now(), $6, $7)`,
      [randomUUID(), cloud.demo.orgId, cloud.demo.eventId, bandId, uid, outcome.registration.stationId, outcome.trust],
    );

    const first = await phoneRead('wristband');
    expect(first).toMatch(new RegExp(`^${cloud.url}/e\\?bandId=${bandId}&m=${uid.toUpperCase()}x000001$`));
    const ids = [await tap(first), await tap(await phoneRead('wristband')), await tap(await phoneRead('wristband'))];
    ids.push(await tap(first)); // the first URL again, from the phone's history

    // Copies: the stored bytes onto a tag that does not mirror, onto one that mirrors its own UID, and the
    // URL a phone read written onto a sticker.
    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-raw', source: 'raw', mirror: false });
    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-mirror', source: 'raw', mirror: true });
    await nfc.call('tag.clone', { from: 'wristband', to: 'clone-phone', source: 'phone', mirror: false });
    ids.push(await tap(await phoneRead('clone-raw')));
    ids.push(await tap(await phoneRead('clone-mirror')));
    ids.push(await tap(await phoneRead('clone-phone')));
    ids.push(await tap(await phoneRead('clone-phone')));
    ids.push(await tap(await phoneRead('wristband'))); // the real band still reads genuine afterwards

    await cloud.cloud.tapRedirect.drain();
    const { rows } = await db.query<{ id: string; trust_verdict: string; trust_reason: string }>(
      'select id, trust_verdict, trust_reason from tap_log where id = any($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, `${row.trust_verdict} ${row.trust_reason}`]));
    expect(ids.map((id) => byId.get(id))).toEqual([
      'GENUINE COUNTER_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'COPIED PLACEHOLDER',
      'COPIED UID_MISMATCH',
      // The copier's own read moved the band's counter, so the sticker's first tap is indistinguishable from
      // the band's (the limit of a mirror: docs/tap-trust.md); every tap after it is a replay.
      'GENUINE COUNTER_ADVANCED',
      'REPLAYED COUNTER_NOT_ADVANCED',
      'GENUINE COUNTER_ADVANCED',
    ]);
  });
});
