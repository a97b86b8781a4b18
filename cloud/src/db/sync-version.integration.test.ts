/**
 * The sync plumbing of the core migration: one global sequence stamps `version` on every insert and update of
 * a sync-visible table, and a delete leaves a tombstone, so a pull is "everything with version > cursor".
 */
import { expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const versionOf = async (table: string, id: string) =>
  BigInt((await t.db.query(`select version from ${table} where id = $1`, [id])).rows[0].version);

test('every insert and update takes a higher version from one sequence shared by all tables', async () => {
  const orgId = t.orgId;
  const event = await t.owner.events.create({ orgId, name: 'V', timezone: 'UTC', fallbackUrl: 'https://e.com' });
  const v1 = await versionOf('events', event.id);
  const w = await t.owner.windows.create({
    orgId,
    eventId: event.id,
    kind: 'LIVE',
    url: 'https://e.com/l',
    startsAt: '2030-01-01T00:00:00Z',
    endsAt: '2030-01-02T00:00:00Z',
  });
  const v2 = await versionOf('event_windows', w.id);
  const band = await t.owner.bands.register({ orgId, eventId: event.id, attendee: { name: 'N' } });
  const v3 = await versionOf('bands', band.id);
  const v4 = BigInt(
    (await t.db.query('select version from band_attendees where band_id = $1', [band.id])).rows[0].version,
  );
  await t.owner.events.update({ orgId, eventId: event.id, name: 'V2' });
  const v5 = await versionOf('events', event.id);
  expect([v1, v2, v3, v4, v5]).toEqual([...[v1, v2, v3, v4, v5]].sort((x, y) => (x < y ? -1 : 1)));
  expect(new Set([v1, v2, v3, v4, v5]).size).toBe(5);
  expect(v5).toBeGreaterThan(v1);
});

test('deleting rows writes tombstones with the org and a version above every earlier change', async () => {
  const orgId = t.orgId;
  const event = await t.owner.events.create({ orgId, name: 'T', timezone: 'UTC', fallbackUrl: 'https://e.com' });
  const band = await t.owner.bands.register({ orgId, eventId: event.id });
  const before = await versionOf('bands', band.id);
  await t.owner.events.delete({ orgId, eventId: event.id, force: true });
  const { rows } = await t.db.query(
    'select entity, entity_id, org_id, version from tombstones where entity_id = any($1) order by version',
    [[event.id, band.id]],
  );
  expect(rows.map((r) => [r.entity, r.entity_id, r.org_id])).toEqual([
    ['bands', band.id, orgId],
    ['events', event.id, orgId],
  ]);
  expect(BigInt(rows[0].version)).toBeGreaterThan(before);
});
