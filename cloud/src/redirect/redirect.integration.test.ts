import { describe, expect, test } from 'vitest';
import { PHONE_USER_AGENT, useTestCloud } from '../../test/support/index.ts';

/** The clock every tap reads: moved by the tests, never by the wall. */
let clock = Date.parse('2026-07-01T12:00:00Z');

// A day-long cache TTL: every change seen here must come from invalidation or the clock, not expiry.
const tc = useTestCloud({ now: () => new Date(clock), env: { REDIRECT_CACHE_TTL_MS: String(86_400_000) } });

const tap = (path: string, init: RequestInit = {}) => fetch(`${tc.url}${path}`, { redirect: 'manual', ...init });

async function landed(ids: string[]): Promise<Array<Record<string, unknown>>> {
  await tc.cloud.taps.drain();
  const { rows } = await tc.db.query('select * from tap_log where id = any($1::uuid[]) order by tapped_at', [ids]);
  return rows;
}

describe('the tap redirect', () => {
  test('sends a band to the window serving now, uncacheable, and lands the enriched tap in TapLog', async () => {
    const bandId = tc.demo.bandIds[0]!;
    // The demo event's windows sit around the real time of the seed: put the clock inside its LIVE window.
    const { rows } = await tc.db.query<{ url: string; starts_at: Date }>(
      `select url, starts_at from event_windows where event_id = $1 and kind = 'LIVE'`,
      [tc.demo.eventId],
    );
    clock = rows[0]!.starts_at.getTime() + 1000;
    const res = await tap(`/e?bandId=${bandId}`, {
      headers: {
        'user-agent': PHONE_USER_AGENT,
      },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(rows[0]!.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const short = await tap(`/e/${bandId}`);
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toBe(rows[0]!.url);

    const [row] = await landed([res.headers.get('x-tap-id')!]);
    expect(row).toMatchObject({
      band_id: bandId,
      outcome: 'SERVED',
      event_id: tc.demo.eventId,
      org_id: tc.demo.orgId,
      mode_served: 'LIVE',
      redirect_url: rows[0]!.url,
      device_type: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
      is_bot: false,
      // Anonymized by default: the last octet zeroed.
      ip: '127.0.0.0',
    });
    expect((row!.tapped_at as Date).getTime()).toBe(clock);
  });

  test.each([
    ['no bandId', '/e', 'MALFORMED'],
    ['an empty bandId', '/e?bandId=', 'MALFORMED'],
    ['a too short bandId', '/e?bandId=abc', 'MALFORMED'],
    ['markup in the bandId', '/e?bandId=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'MALFORMED'],
    ['a bad percent-encoding', '/e/%ZZ%ZZ', 'MALFORMED'],
    ['a very long bandId', `/e/${'x'.repeat(5000)}`, 'MALFORMED'],
    ['a well-formed unknown bandId', '/e?bandId=AAAAAAAAAAAAAAAA', 'UNKNOWN'],
    ['a well-formed unknown bandId, short form', '/e/BBBBBBBBBBBBBBBB', 'UNKNOWN'],
  ])('answers %s with the friendly 404 page and keeps the tap as an orphan', async (_name, path, outcome) => {
    const res = await tap(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    const body = await res.text();
    expect(body).toContain('This wristband is not active');
    expect(body).not.toMatch(/Error|at .*\.ts|script>alert/);
    const [row] = await landed([res.headers.get('x-tap-id')!]);
    expect(row).toMatchObject({ outcome, event_id: null, org_id: null, redirect_url: null });
    expect((row!.band_id as string).length).toBeLessThanOrEqual(64);
  });

  test('a band registered after it was tapped as unknown redirects as soon as it exists', async () => {
    const bandId = 'CCCCCCCCCCCCCCCC';
    expect((await tap(`/e?bandId=${bandId}`)).status).toBe(404);
    await tc.db.query(
      `insert into bands (id, org_id, event_id, band_id, registered_at) values (gen_random_uuid(), $1, $2, $3, now())`,
      [tc.demo.orgId, tc.demo.eventId, bandId],
    );
    // Remembered as unknown (negative cache), then forgotten by the insert's invalidation, well before its TTL.
    await expect.poll(async () => (await tap(`/e?bandId=${bandId}`)).status, { timeout: 1000 }).toBe(302);
  });

  test('refuses other methods and does not record HEAD requests', async () => {
    const bandId = tc.demo.bandIds[0]!;
    expect((await tap(`/e?bandId=${bandId}`, { method: 'POST' })).status).toBe(405);
    const head = await tap(`/e?bandId=${bandId}`, { method: 'HEAD' });
    expect(head.status).toBe(302);
    expect(head.headers.get('x-tap-id')).toBeNull();
  });

  test('sends a disabled or lost band to the fallback and records why', async () => {
    const [, disabled, lost] = tc.demo.bandIds as [string, string, string];
    const before = tc.cloud.redirect.listener.received;
    await tc.db.query(`update bands set status = 'DISABLED' where band_id = $1`, [disabled]);
    await tc.db.query(`update bands set status = 'LOST' where band_id = $1`, [lost]);
    await expect.poll(() => tc.cloud.redirect.listener.received).toBeGreaterThanOrEqual(before + 2);
    const ids: string[] = [];
    for (const bandId of [disabled, lost]) {
      const res = await tap(`/e?bandId=${bandId}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://example.com/sparkmotion/fallback');
      ids.push(res.headers.get('x-tap-id')!);
    }
    const rows = await landed(ids);
    expect(rows.map((r) => r.outcome).sort()).toEqual(['DISABLED', 'LOST']);
    expect(rows.every((r) => r.mode_served === 'FALLBACK')).toBe(true);
  });

  test('switches mode exactly at window boundaries with no invalidation', async () => {
    const bandId = tc.demo.bandIds[3]!;
    const t0 = Date.parse('2026-08-01T18:00:00Z');
    const notified = tc.cloud.redirect.listener.received;
    await tc.db.query('delete from event_windows where event_id = $1', [tc.demo.eventId]);
    await tc.db.query(
      `insert into event_windows (id, org_id, event_id, kind, url, starts_at, ends_at) values
        (gen_random_uuid(), $1, $2, 'PRE', 'https://example.com/pre', $3, $4),
        (gen_random_uuid(), $1, $2, 'LIVE', 'https://example.com/live', $4, $5),
        (gen_random_uuid(), $1, $2, 'POST', 'https://example.com/post', $5, $6)`,
      [
        tc.demo.orgId,
        tc.demo.eventId,
        new Date(t0 - 3600_000),
        new Date(t0),
        new Date(t0 + 3600_000),
        new Date(t0 + 7200_000),
      ],
    );
    // Let the invalidations of that edit (one per statement: NOTIFY folds duplicates) arrive, then warm the cache.
    await expect.poll(() => tc.cloud.redirect.listener.received).toBeGreaterThanOrEqual(notified + 2);
    clock = t0 - 10_000;
    await tap(`/e?bandId=${bandId}`);
    const invalidations = tc.cloud.redirect.listener.received;
    const reads = tc.cloud.redirect.resolver.stats.databaseReads;
    const expected: Array<[number, string]> = [
      [t0 - 1, 'https://example.com/pre'],
      [t0, 'https://example.com/live'],
      [t0 + 3600_000 - 1, 'https://example.com/live'],
      [t0 + 3600_000, 'https://example.com/post'],
      [t0 + 7200_000 + 5000, 'https://example.com/post'],
    ];
    for (const [at, url] of expected) {
      clock = at;
      const res = await tap(`/e?bandId=${bandId}`);
      expect({ at: new Date(at).toISOString(), url: res.headers.get('location') }).toEqual({
        at: new Date(at).toISOString(),
        url,
      });
    }
    expect(tc.cloud.redirect.listener.received).toBe(invalidations);
    expect(tc.cloud.redirect.resolver.stats.databaseReads).toBe(reads);
  });

  test('exposes redirect and pipeline metrics', async () => {
    const body = await (await fetch(`${tc.url}/metrics`)).text();
    expect(body).toMatch(/sparkmotion_redirect_requests_total\{outcome="SERVED"\} [1-9]/);
    expect(body).toContain('sparkmotion_redirect_duration_seconds_bucket');
    expect(body).toContain('sparkmotion_redirect_cache_hit_ratio');
    expect(body).toContain('sparkmotion_tap_buffer_bytes');
    expect(body).toContain('sparkmotion_tap_flush_lag_seconds');
  });
});
