/**
 * Every keyset-paged list answers a cursor it did not issue with BAD_INPUT (HTTP 400): nothing forged
 * reaches PostgreSQL, where it used to become a 500.
 */
import { TRPCClientError } from '@trpc/client';
import { expect, test } from 'vitest';
import { useTestCloud } from './support/index.ts';

const t = useTestCloud();

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const forged = {
  'plain garbage': 'garbage',
  'an id that is no uuid': b64('2027-01-01T00:00:00.000Z|not-a-uuid'),
  'a date PostgreSQL cannot hold': b64('0000-01-01T00:00:00.000Z|9b3a4f3c-0000-4000-8000-000000000000'),
  'a uuid of dashes': b64('2027-01-01T00:00:00.000Z|------------------------------------'),
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
