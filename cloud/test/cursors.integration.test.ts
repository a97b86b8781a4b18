/**
 * Every keyset-paged list answers a cursor it did not issue with BAD_INPUT (HTTP 400): nothing forged
 * reaches PostgreSQL, where it used to become a 500. And every one returns each row once when its keys carry
 * microseconds (rows stamped by PostgreSQL's now()), across page boundaries inside one millisecond.
 */
import { TRPCClientError } from '@trpc/client';
import { expect, test } from 'vitest';
import { useTestCloud } from './support/index.ts';

const t = useTestCloud();

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const forged = {
  'plain garbage': 'garbage',
  'an id that is no uuid': b64('2027-01-01T00:00:00.000000Z|not-a-uuid'),
  'a date PostgreSQL cannot hold': b64('0000-01-01T00:00:00.000000Z|9b3a4f3c-0000-4000-8000-000000000000'),
  'a uuid of dashes': b64('2027-01-01T00:00:00.000000Z|------------------------------------'),
};

const lists = {
  'events.list': (cursor: string) => t.client.events.list.query({ orgId: t.demo.orgId, cursor }),
  'bands.list': (cursor: string) => t.client.bands.list.query({ orgId: t.demo.orgId, cursor }),
  'audit.list': (cursor: string) => t.client.audit.list.query({ orgId: t.demo.orgId, cursor }),
  'analytics.exportCsv': (cursor: string) =>
    t.client.analytics.exportCsv.query({ orgId: t.demo.orgId, eventId: t.demo.eventId, cursor }),
};

const cases = Object.entries(lists).flatMap(([list, call]) =>
  Object.entries(forged).map(([name, cursor]) => ({ list, name, call, cursor })),
);

test.each(cases)('$list refuses $name as BAD_INPUT, not a server error', async ({ call, cursor }) => {
  const error = await call(cursor).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as { data?: unknown }).data).toMatchObject({ code: 'BAD_INPUT', httpStatus: 400 });
});

/** Pages through `call` and returns every item's id in the order they came. */
async function everyPage(call: (cursor: string | null) => Promise<{ ids: string[]; nextCursor: string | null }>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await call(cursor);
    ids.push(...page.ids);
    cursor = page.nextCursor;
  } while (cursor && ids.length < 10_000);
  return ids;
}

// 60 instants 137 µs apart: most pages end inside a millisecond another row shares.
const MICROSECOND_STEPS = 'generate_series(1, 60) g';
const stamp = 'now() - make_interval(secs => g * 0.000137)';

test('the tap export returns each tap once when tapped_at has microseconds', async () => {
  const event = await t.newEvent('Microsecond taps');
  await t.db.query(
    `insert into tap_log (id, tapped_at, band_id, outcome, org_id, event_id)
     select gen_random_uuid(), ${stamp}, 'B' || g, 'SERVED', $1, $2 from ${MICROSECOND_STEPS}`,
    [t.orgId, event.id],
  );
  const ids = await everyPage(async (cursor) => {
    const page = await t.client.analytics.exportCsv.query({ orgId: t.orgId, eventId: event.id, limit: 7, cursor });
    const rows = page.csv.split('\n').filter((line) => /^[0-9a-f]{8}-/.test(line));
    return { ids: rows.map((line) => line.split(',')[0]!), nextCursor: page.nextCursor };
  });
  expect(ids).toHaveLength(60);
  expect(new Set(ids).size).toBe(60);
});

test('the bands list returns each band once when created_at has microseconds', async () => {
  const event = await t.newEvent('Microsecond bands');
  await t.db.query(
    `insert into bands (id, org_id, event_id, band_id, registered_at, created_at)
     select gen_random_uuid(), $1, $2, 'MICRO' || g, now(), ${stamp} from ${MICROSECOND_STEPS}`,
    [t.orgId, event.id],
  );
  const ids = await everyPage(async (cursor) => {
    const page = await t.client.bands.list.query({ orgId: t.orgId, eventId: event.id, limit: 7, cursor });
    return { ids: page.items.map((band) => band.id), nextCursor: page.nextCursor };
  });
  expect(ids).toHaveLength(60);
  expect(new Set(ids).size).toBe(60);
});

test('the audit list returns each entry once when entries are stamped by now()', async () => {
  // An entity no organization's log otherwise holds, so the probe rows are the only ones listed.
  const entity = 'user';
  await t.db.query(
    `insert into audit_log (id, org_id, action, entity, entity_id, created_at)
     select gen_random_uuid(), $1, 'probe', $2, g::text, ${stamp} from ${MICROSECOND_STEPS}`,
    [t.orgId, entity],
  );
  const ids = await everyPage(async (cursor) => {
    const page = await t.client.audit.list.query({ orgId: t.orgId, entity, limit: 7, cursor });
    return { ids: page.items.map((entry) => entry.id), nextCursor: page.nextCursor };
  });
  expect(ids).toHaveLength(60);
  expect(new Set(ids).size).toBe(60);
});
