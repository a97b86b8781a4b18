import { beforeAll, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';
import type { Cloud } from '../app.ts';

// Two cloud instances on one database and one Redis prefix, as behind a load balancer.
const a = useTestCloud({ env: { REDIRECT_CACHE_TTL_MS: '86400000' } });
let b: Cloud;

beforeAll(async () => {
  b = await a.anotherInstance();
});

const location = async (base: string, bandId: string) =>
  (await fetch(`${base}/e?bandId=${bandId}`, { redirect: 'manual' })).headers.get('location');

/** Polls both instances until both answer `expected`; returns how long that took. */
async function propagation(bandId: string, expected: string, since: number): Promise<number> {
  for (;;) {
    const [fromA, fromB] = await Promise.all([location(a.url, bandId), location(b.url, bandId)]);
    if (fromA === expected && fromB === expected) return Date.now() - since;
    if (Date.now() - since > 5000) throw new Error(`still ${fromA} / ${fromB} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function windowUrl(kind: string): Promise<string> {
  const { rows } = await a.db.query('select url from event_windows where event_id = $1 and kind = $2', [
    a.demo.eventId,
    kind,
  ]);
  return rows[0].url;
}

test('an event changed through the API reaches the cache of every instance within a second', async () => {
  const bandId = a.demo.bandIds[0]!;
  // Both instances have the band cached (with a long TTL: only invalidation can change the answer).
  expect(await location(a.url, bandId)).toBe(await windowUrl('LIVE'));
  expect(await location(b.url, bandId)).toBe(await windowUrl('LIVE'));

  const since = Date.now();
  await a.client.events.update.mutate({ orgId: a.demo.orgId, eventId: a.demo.eventId, overrideMode: 'POST' });
  expect(await propagation(bandId, await windowUrl('POST'), since)).toBeLessThan(1000);

  const back = Date.now();
  await a.client.events.update.mutate({ orgId: a.demo.orgId, eventId: a.demo.eventId, overrideMode: null });
  expect(await propagation(bandId, await windowUrl('LIVE'), back)).toBeLessThan(1000);
});

test('a window or band changed by any writer reaches every instance within a second', async () => {
  const bandId = a.demo.bandIds[1]!;
  await location(a.url, bandId);
  await location(b.url, bandId);

  const since = Date.now();
  await a.db.query(`update event_windows set url = 'https://example.com/moved' where event_id = $1 and kind = 'LIVE'`, [
    a.demo.eventId,
  ]);
  expect(await propagation(bandId, 'https://example.com/moved', since)).toBeLessThan(1000);

  const disabled = Date.now();
  await a.db.query(`update bands set status = 'DISABLED' where band_id = $1`, [bandId]);
  expect(await propagation(bandId, 'https://example.com/sparkmotion/fallback', disabled)).toBeLessThan(1000);
});
