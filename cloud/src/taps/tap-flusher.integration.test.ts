import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase, testRedis } from '../../../test/databases.ts';
import { migratedTemplate } from '../../test/support/index.ts';
import { LiveCounters } from './live-counters.ts';
import { eraseExpired } from './partitions.ts';
import { type Tap, tapId } from './tap.ts';
import { TapFlusher } from './tap-flusher.ts';

const { redis } = testRedis();
let database: TestDatabase;
let pool: pg.Pool;
const orgId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase({ template: await migratedTemplate() });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await pool.query(`insert into organizations (id, name, slug) values ($1, 'Org', 'org')`, [orgId]);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

const tap = (at: number, overrides: Partial<Tap> = {}): Tap => ({
  id: tapId(at),
  at,
  bandId: 'AAAAAAAAAAAAAAAA',
  outcome: 'SERVED',
  eventId: randomUUID(),
  orgId,
  mode: 'LIVE',
  windowId: null,
  url: 'https://example.com/live',
  ip: '203.0.113.77',
  ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  limited: false,
  ...overrides,
});

test('a re-sent batch lands once', async () => {
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  const batch = [tap(Date.now()), tap(Date.now() + 1)];
  await flusher.write(batch);
  await flusher.write(batch);
  expect(flusher.inserted).toBe(2);
  const { rows } = await pool.query('select count(*)::int as n from tap_log where id = any($1::uuid[])', [
    batch.map((t) => t.id),
  ]);
  expect(rows[0].n).toBe(2);
});

test('a batch partly landed already adds only its new taps, to TapLog and to the live counters', async () => {
  const counters = new LiveCounters(redis, '');
  const flusher = new TapFlusher(pool, counters, pino({ level: 'silent' }));
  const eventId = randomUUID();
  const now = Date.now();
  const [a, b, c] = ['BAND0000000000A1', 'BAND0000000000B2', 'BAND0000000000C3'].map((bandId, i) =>
    tap(now + i, { eventId, bandId }),
  );
  await flusher.write([a!]);
  await flusher.write([a!, b!, c!]);
  await flusher.write([a!, b!, c!]);
  expect(flusher.inserted).toBe(3);
  const { rows } = await pool.query('select count(*)::int as n from tap_log where event_id = $1', [eventId]);
  expect(rows[0].n).toBe(3);
  const live = await counters.lastMinutes(eventId, now + 60_000, 3);
  expect(live.minutes.reduce((sum, m) => sum + (m.counts.LIVE ?? 0), 0)).toBe(3);
  expect(live.uniqueBands).toBe(3);
});

test('keeps tabs, newlines and backslashes of what a tap carries, and drops NUL', async () => {
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  const odd = tap(Date.now(), { outcome: 'MALFORMED', bandId: 'A\tB\\N\n', eventId: null, ua: 'UA\r\n\t\\\0end' });
  await flusher.write([odd]);
  const { rows } = await pool.query('select band_id, user_agent from tap_log where id = $1', [odd.id]);
  expect(rows).toEqual([{ band_id: 'A\tB\\N\n', user_agent: 'UA\r\n\t\\end' }]);
});

test('a batch PostgreSQL refuses lands none of its taps, and the flusher keeps working', async () => {
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  const good = tap(Date.now());
  const refused = tap(Date.now(), { outcome: 'NOT_AN_OUTCOME' as Tap['outcome'] });
  await expect(flusher.write([good, refused])).rejects.toMatchObject({ code: '23514' });
  const { rows } = await pool.query('select count(*)::int as n from tap_log where id = $1', [good.id]);
  expect(rows[0].n).toBe(0);
  await flusher.write([good]);
  expect(flusher.inserted).toBe(1);
});

test('fails the batch while PostgreSQL is unreachable, and lands it when retried', async () => {
  const down = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
  const batch = [tap(Date.now())];
  await expect(new TapFlusher(down, undefined, pino({ level: 'silent' })).write(batch)).rejects.toThrow();
  await down.end();
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  await flusher.write(batch);
  expect(flusher.inserted).toBe(1);
});

test('creates the month partition a tap needs when it is missing', async () => {
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  const far = Date.parse('2031-02-14T10:00:00Z');
  await flusher.write([tap(far)]);
  const { rows } = await pool.query(`select to_regclass('tap_log_2031_02') is not null as exists`);
  expect(rows[0].exists).toBe(true);
});

test('erases raw IPs and user agents past the retention, keeping the rest of the tap', async () => {
  const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }));
  const now = Date.parse('2026-06-30T00:00:00Z');
  await pool.query(
    `insert into tap_privacy (org_id, ip_mode, retention_days) values ($1, 'FULL', 10)
     on conflict (org_id) do update set ip_mode = 'FULL', retention_days = 10`,
    [orgId],
  );
  const old = tap(now - 11 * 86_400_000);
  const recent = tap(now - 9 * 86_400_000);
  await flusher.write([old, recent]);
  const before = await pool.query('select host(ip) as ip from tap_log where id = $1', [recent.id]);
  expect(before.rows[0].ip).toBe('203.0.113.77');
  expect(await eraseExpired(pool, new Date(now))).toBeGreaterThanOrEqual(1);
  const { rows } = await pool.query(
    'select id, ip, user_agent, device_type from tap_log where id = any($1::uuid[]) order by tapped_at',
    [[old.id, recent.id]],
  );
  expect(rows).toEqual([
    { id: old.id, ip: null, user_agent: null, device_type: 'mobile' },
    { id: recent.id, ip: '203.0.113.77', user_agent: recent.ua, device_type: 'mobile' },
  ]);
});
