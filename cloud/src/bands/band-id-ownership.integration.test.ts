import { randomBytes, randomUUID } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { bandIdMintedFor, orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { describe, expect, test } from 'vitest';
import { errorCodeOf, expectErrorCode, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const mintFor = (orgId: string) => mintBandId(orgBandTag(orgId), (n) => randomBytes(n));
const uid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
const deskRegistration = (mutationId: number, eventId: string, bandId: string) => ({
  mutationId,
  name: 'band.register' as const,
  args: { bandId, uid: uid(), eventId, stationId: 'desk-1', registeredAt: '2026-07-01T10:00:00.000Z' },
});

/** Another tenant: its own OWNER, organization and event. */
async function rival() {
  const user = await t.newUser('Rival');
  const org = await user.caller.orgs.create({ name: 'Rival', slug: `rival-${randomUUID().slice(0, 8)}` });
  const event = await user.caller.events.create({
    orgId: org.id,
    name: 'Rival event',
    timezone: 'UTC',
    fallbackUrl: 'https://evil.test/live',
  });
  return { ...user, orgId: org.id, eventId: event.id, client: t.clientFor(user.token) };
}

describe('a band id minted for one organization', () => {
  test('is refused as BAND_ID_FOREIGN to another organization by register, registerMany, CSV import and sync, then registers for its own', async () => {
    const other = await rival();
    const ids = Array.from({ length: 4 }, () => mintFor(t.orgId));
    const scope = { orgId: other.orgId, eventId: other.eventId };
    // A client input error, like BAD_INPUT: HTTP 400 (not 409, which says "not now").
    const refused = await expectErrorCode(
      other.client.bands.register.mutate({ ...scope, bandId: ids[0]! }),
      'BAND_ID_FOREIGN',
    );
    expect(refused).toMatchObject({ data: { httpStatus: 400 } });
    await expectErrorCode(
      other.caller.bands.registerMany({ ...scope, bands: [{ bandId: mintFor(other.orgId) }, { bandId: ids[1]! }] }),
      'BAND_ID_FOREIGN',
    );
    const imported = await other.caller.bands.importCsv({ ...scope, csv: `bandId\n${ids[2]}\n` });
    expect(imported).toMatchObject({ imported: 0, errors: [{ row: 2, code: 'BAND_ID_FOREIGN' }] });
    const pushed = await other.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [deskRegistration(1, other.eventId, ids[3]!)],
    });
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'BAND_ID_FOREIGN' });
    const stolen = await t.db.query('select count(*)::int as n from bands where band_id = any($1)', [ids]);
    expect(stolen.rows[0].n).toBe(0);

    const event = await t.newEvent();
    await t.owner.bands.register({ orgId: t.orgId, eventId: event.id, bandId: ids[0]! });
    await t.owner.bands.registerMany({ orgId: t.orgId, eventId: event.id, bands: [{ bandId: ids[1]! }] });
    await t.owner.bands.importCsv({ orgId: t.orgId, eventId: event.id, csv: `bandId\n${ids[2]}\n` });
    const own = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [deskRegistration(1, event.id, ids[3]!)],
    });
    expect(own.results[0]).toMatchObject({ status: 'applied' });
    const mine = await t.db.query('select org_id from bands where band_id = any($1)', [ids]);
    expect(mine.rows.map((r) => r.org_id)).toEqual([t.orgId, t.orgId, t.orgId, t.orgId]);
  });

  test('minted for another organization is refused even when the caller replaces a band with it', async () => {
    const other = await rival();
    const band = await other.caller.bands.register({ orgId: other.orgId, eventId: other.eventId });
    await expectErrorCode(
      other.caller.bands.replace({ orgId: other.orgId, bandId: band.bandId, newBandId: mintFor(t.orgId) }),
      'BAND_ID_FOREIGN',
    );
  });
});

describe('bands.mintIds', () => {
  test('answers 1 to 1000 fresh ids of the caller organization, which register there', async () => {
    const { bandIds } = await t.owner.bands.mintIds({ orgId: t.orgId, count: 1000 });
    expect(new Set(bandIds).size).toBe(1000);
    expect(bandIds.every((id) => bandIdMintedFor(id, t.orgId) === true)).toBe(true);
    const one = await t.owner.bands.mintIds({ orgId: t.orgId, count: 1 });
    expect(one.bandIds).toHaveLength(1);
    const event = await t.newEvent();
    const registered = await t.owner.bands.registerMany({
      orgId: t.orgId,
      eventId: event.id,
      bands: bandIds.map((bandId) => ({ bandId })),
    });
    expect(registered.registered).toBe(1000);
  });

  test('refuses 0 and 1001 ids, a VIEWER and another organization', async () => {
    await expectErrorCode(t.owner.bands.mintIds({ orgId: t.orgId, count: 0 }), 'BAD_INPUT');
    await expectErrorCode(t.owner.bands.mintIds({ orgId: t.orgId, count: 1001 }), 'BAD_INPUT');
    const viewer = await t.newUser('Viewer');
    await t.db.query(
      "insert into org_members (id, org_id, user_id, role) values (gen_random_uuid(), $1, $2, 'VIEWER')",
      [t.orgId, viewer.userId],
    );
    await expectErrorCode(viewer.caller.bands.mintIds({ orgId: t.orgId, count: 1 }), 'FORBIDDEN');
    const other = await rival();
    expect(errorCodeOf(await other.caller.bands.mintIds({ orgId: t.orgId, count: 1 }).catch((e) => e))).toMatch(
      /FORBIDDEN|NOT_FOUND/,
    );
  });
});

describe('band ids minted before ids named their organization', () => {
  const legacyId = () => randomBytes(12).toString('base64url');

  test('a band registered with one still redirects and can be changed', async () => {
    const event = await t.newEvent();
    const bandId = legacyId();
    await t.db.query(
      'insert into bands (id, org_id, event_id, band_id, registered_at) values (gen_random_uuid(), $1, $2, $3, now())',
      [t.orgId, event.id, bandId],
    );
    const tap = await fetch(`${t.url}/e?bandId=${bandId}`, { redirect: 'manual' });
    expect(tap.status).toBe(302);
    expect(tap.headers.get('location')).toBe('https://example.com/fallback');
    const named = await t.owner.bands.setAttendee({ orgId: t.orgId, bandId, attendee: { name: 'Ada' } });
    expect(named.attendee).toMatchObject({ name: 'Ada' });
    await t.owner.bands.disable({ orgId: t.orgId, bandId });
    expect((await t.owner.bands.get({ orgId: t.orgId, bandId })).status).toBe('DISABLED');
  });

  test('a new one is refused online, and synced once from its own organization desk outbox', async () => {
    const event = await t.newEvent();
    await expectErrorCode(
      t.owner.bands.register({ orgId: t.orgId, eventId: event.id, bandId: legacyId() }),
      'BAND_ID_FOREIGN',
    );
    const queued = legacyId();
    const pushed = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [deskRegistration(1, event.id, queued)],
    });
    expect(pushed.results[0]).toMatchObject({ status: 'applied' });
    expect((await t.owner.bands.get({ orgId: t.orgId, bandId: queued })).eventId).toBe(event.id);
  });
});
