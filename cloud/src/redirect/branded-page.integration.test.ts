import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorCodeOf, startTestCloud, type TestCloud } from '../../test/support/index.ts';

/** The pages the cloud draws itself for attendees wear the organization's branding, and only safe values. */
let tc: TestCloud;
let db: pg.Client;
let clock = Date.now();

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' }, now: () => new Date(clock) });
  db = new pg.Client({ connectionString: tc.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ starts_at: Date }>(
    `select starts_at from event_windows where event_id = $1 and kind = 'LIVE'`,
    [tc.demo.eventId],
  );
  clock = rows[0]!.starts_at.getTime() + 1000;
});
afterAll(async () => {
  await db.end();
  await tc.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function page(bandId: string) {
  const res = await fetch(`${tc.url}/e?bandId=${bandId}`, { redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

describe('branded attendee pages', () => {
  test('a branded organization\'s "tap again" page shows its name, colour and logo', async () => {
    await tc.client.orgs.update.mutate({
      orgId: tc.demo.orgId,
      branding: { name: 'Riverside Festival', primaryColor: '#1a7f5a', logoUrl: 'https://cdn.example/logo.png' },
    });
    // A stored URL nothing can make sendable: the band is known, so its organization is.
    await db.query(`update event_windows set url = 'https://exa mple.com/x' where event_id = $1`, [tc.demo.eventId]);
    await settle();
    const { status, html } = await page(tc.demo.bandIds[0]!);
    expect(status).toBe(503);
    expect(html).toContain('Riverside Festival');
    expect(html).toContain('color:#1a7f5a');
    expect(html).toContain('<img src="https://cdn.example/logo.png" alt="" referrerpolicy="no-referrer"');
  });

  test('a change of branding reaches the cached page at once', async () => {
    await page(tc.demo.bandIds[2]!);
    await tc.client.orgs.update.mutate({ orgId: tc.demo.orgId, branding: { name: 'Riverside Festival 2027' } });
    await settle();
    expect((await page(tc.demo.bandIds[2]!)).html).toContain('Riverside Festival 2027');
    await tc.client.orgs.update.mutate({
      orgId: tc.demo.orgId,
      branding: { name: 'Riverside Festival', primaryColor: '#1a7f5a' },
    });
    await settle();
  });

  test('an unknown band gets the plain page: it belongs to no organization', async () => {
    const { status, html } = await page('ZZZZZZZZZZZZZZZZ');
    expect(status).toBe(404);
    expect(html).not.toContain('Riverside Festival');
  });

  test('hostile branding is refused with BAD_INPUT at its field and the saved branding stays', async () => {
    for (const branding of [
      { name: 'Evil', primaryColor: 'red}</style><script>alert(1)</script>' },
      { name: 'Evil', logoUrl: 'javascript:alert(1)' },
      { name: 'Evil', logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
      { name: 'Evil', css: 'body{display:none}' },
    ]) {
      const error = await tc.client.orgs.update.mutate({ orgId: tc.demo.orgId, branding } as never).catch((e) => e);
      expect(errorCodeOf(error)).toBe('BAD_INPUT');
      const fieldErrors = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[]> } } }).data?.zodError
        ?.fieldErrors;
      expect(Object.keys(fieldErrors ?? {})).toEqual(['branding']);
    }
    const { html } = await page(tc.demo.bandIds[1]!);
    expect(html).toContain('Riverside Festival');
    expect(html).not.toContain('<script>');
  });
});
