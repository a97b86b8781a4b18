import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestCloud, type TestCloud } from '../../test/support/index.ts';

/** Window URLs any browser accepts: stored and sent in ASCII, and a tap records what it was sent. */
let tc: TestCloud;
let db: pg.Client;
let clock = Date.now();
let liveWindowId: string;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' }, now: () => new Date(clock) });
  db = new pg.Client({ connectionString: tc.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string; starts_at: Date }>(
    `select id, starts_at from event_windows where event_id = $1 and kind = 'LIVE'`,
    [tc.demo.eventId],
  );
  liveWindowId = rows[0]!.id;
  clock = rows[0]!.starts_at.getTime() + 1000;
});
afterAll(async () => {
  await db.end();
  await tc.close();
});

async function tapAndLand(bandId: string) {
  const res = await fetch(`${tc.url}/e?bandId=${bandId}`, { redirect: 'manual' });
  await tc.cloud.taps.drain();
  const { rows } = await db.query<{ outcome: string; redirect_url: string | null; mode_served: string | null }>(
    'select outcome, redirect_url, mode_served from tap_log where id = $1',
    [res.headers.get('x-tap-id')],
  );
  return { status: res.status, location: res.headers.get('location'), row: rows[0] };
}

/** A change made behind the API's back (an old row, a script): the cache learns it through NOTIFY. */
async function setUrlInDatabase(url: string) {
  await db.query('update event_windows set url = $2 where id = $1', [liveWindowId, url]);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('window URLs', () => {
  test('a non-Latin-1 URL is stored in its ASCII form and every tap is sent there and recorded SERVED', async () => {
    const updated = await tc.client.windows.update.mutate({
      orgId: tc.demo.orgId,
      windowId: liveWindowId,
      url: 'https://example.com/日本?q=ü',
    });
    expect(updated.url).toBe('https://example.com/%E6%97%A5%E6%9C%AC?q=%C3%BC');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tap = await tapAndLand(tc.demo.bandIds[0]!);
    expect(tap).toMatchObject({
      status: 302,
      location: 'https://example.com/%E6%97%A5%E6%9C%AC?q=%C3%BC',
      row: { outcome: 'SERVED', redirect_url: 'https://example.com/%E6%97%A5%E6%9C%AC?q=%C3%BC', mode_served: 'LIVE' },
    });
  });

  test('a non-ASCII URL stored before normalization is sent in its ASCII form', async () => {
    await setUrlInDatabase('https://bücher.example/日本');
    const tap = await tapAndLand(tc.demo.bandIds[1]!);
    expect(tap).toMatchObject({
      status: 302,
      location: 'https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC',
      row: { outcome: 'SERVED', redirect_url: 'https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC' },
    });
  });

  test('a stored URL nothing can make sendable gets the "tap again" page, and the tap says so, not SERVED', async () => {
    await setUrlInDatabase('https://exa mple.com/日本');
    const tap = await tapAndLand(tc.demo.bandIds[2]!);
    expect(tap.status).toBe(503);
    expect(tap.location).toBeNull();
    expect(tap.row).toMatchObject({ outcome: 'UNAVAILABLE', redirect_url: null, mode_served: null });
  });

  test('a window that opens on a URL no browser takes is not sent from its first millisecond', async () => {
    await setUrlInDatabase('https://example.com/live');
    const { rows } = await db.query<{ starts_at: Date }>(
      `update event_windows set url = 'https://exa mple.com/post' where event_id = $1 and kind = 'POST' returning starts_at`,
      [tc.demo.eventId],
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await tapAndLand(tc.demo.bandIds[3]!)).toMatchObject({
      status: 302,
      location: 'https://example.com/live',
      row: { outcome: 'SERVED', mode_served: 'LIVE' },
    });
    // The same band: its cached event's answer switches at the boundary, and what it sends with it.
    clock = rows[0]!.starts_at.getTime();
    const tap = await tapAndLand(tc.demo.bandIds[3]!);
    expect(tap).toMatchObject({ status: 503, location: null });
    expect(tap.row).toMatchObject({ outcome: 'UNAVAILABLE', redirect_url: null, mode_served: null });
  });

  test.each([
    [
      'in its ASCII form',
      'https://bücher.example/zurück',
      302,
      'https://xn--bcher-kva.example/zur%C3%BCck',
      'DISABLED',
    ],
    ['not at all when nothing makes it sendable', 'https://exa mple.com/zurück', 503, null, 'UNAVAILABLE'],
  ] as const)(
    'a fallback URL stored before normalization is sent %s',
    async (_name, url, status, location, outcome) => {
      await db.query('update events set fallback_url = $2 where id = $1', [tc.demo.eventId, url]);
      const bandId = tc.demo.bandIds[status === 302 ? 0 : 1]!;
      await db.query(`update bands set status = 'DISABLED' where band_id = $1`, [bandId]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const tap = await tapAndLand(bandId);
      expect(tap).toMatchObject({ status, location });
      expect(tap.row).toMatchObject({ outcome, redirect_url: location });
    },
  );
});
