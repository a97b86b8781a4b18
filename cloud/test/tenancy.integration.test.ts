/**
 * Tenancy, proven for every router: a member of org B can never read or change anything of org A, whether it
 * names org A (not a member: NOT_FOUND, so org ids are not even confirmed) or names its own org B with org A's
 * row ids (the row is not found in B). And every org-scoped procedure over HTTP without a session is a 401.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { type Caller, errorCodeOf, useTestCloud } from './support/index.ts';

const t = useTestCloud();
let intruder: Caller;
let orgA: string;
let orgB: string;
const a: { eventId: string; windowId: string; bandId: string; memberId: string; invitationId: string } = {
  invitationId: '',
  eventId: '',
  windowId: '',
  bandId: '',
  memberId: '',
};

beforeAll(async () => {
  const owner = t.owner;
  orgA = t.orgId;
  a.eventId = t.demo.eventId;
  a.bandId = t.demo.bandIds[0]!;
  a.windowId = (await owner.windows.list({ orgId: orgA, eventId: a.eventId }))[0]!.id;
  a.memberId = t.demo.userId;
  a.invitationId = (
    await owner.orgs.invite({ orgId: orgA, email: 'pending@example.com', role: 'VIEWER' })
  ).invitationId;
  const b = await t.newUser('Org B owner');
  intruder = b.caller;
  orgB = (await intruder.orgs.create({ name: 'Org B', slug: `org-b-${Date.now()}` })).id;
});

const window = {
  kind: 'LIVE' as const,
  url: 'https://evil.example',
  startsAt: '2030-01-01T00:00:00Z',
  endsAt: '2030-01-02T00:00:00Z',
};

/** [name, call(orgId)]: every org-scoped procedure, aimed at org A's rows. */
const attempts: Array<[string, (c: Caller, orgId: string) => Promise<unknown>]> = [
  ['orgs.get', (c, orgId) => c.orgs.get({ orgId })],
  ['orgs.update', (c, orgId) => c.orgs.update({ orgId, name: 'pwned' })],
  ['orgs.members', (c, orgId) => c.orgs.members({ orgId })],
  ['orgs.invite', (c, orgId) => c.orgs.invite({ orgId, email: 'spy@example.com', role: 'OWNER' })],
  ['orgs.invitations', (c, orgId) => c.orgs.invitations({ orgId })],
  ['orgs.revokeInvite', (c, orgId) => c.orgs.revokeInvite({ orgId, invitationId: a.invitationId })],
  ['orgs.changeRole', (c, orgId) => c.orgs.changeRole({ orgId, userId: a.memberId, role: 'VIEWER' })],
  ['orgs.removeMember', (c, orgId) => c.orgs.removeMember({ orgId, userId: a.memberId })],
  ['events.get', (c, orgId) => c.events.get({ orgId, eventId: a.eventId })],
  ['events.list', (c, orgId) => c.events.list({ orgId })],
  ['events.create', (c, orgId) => c.events.create({ orgId, name: 'x', timezone: 'UTC', fallbackUrl: 'https://e.x' })],
  ['events.update', (c, orgId) => c.events.update({ orgId, eventId: a.eventId, name: 'pwned' })],
  ['events.delete', (c, orgId) => c.events.delete({ orgId, eventId: a.eventId, force: true })],
  ['events.duplicate', (c, orgId) => c.events.duplicate({ orgId, eventId: a.eventId })],
  ['windows.list', (c, orgId) => c.windows.list({ orgId, eventId: a.eventId })],
  ['windows.create', (c, orgId) => c.windows.create({ orgId, eventId: a.eventId, ...window })],
  ['windows.update', (c, orgId) => c.windows.update({ orgId, windowId: a.windowId, url: 'https://evil.example' })],
  ['windows.delete', (c, orgId) => c.windows.delete({ orgId, windowId: a.windowId })],
  ['bands.register', (c, orgId) => c.bands.register({ orgId, eventId: a.eventId })],
  ['bands.registerMany', (c, orgId) => c.bands.registerMany({ orgId, eventId: a.eventId, bands: [{}] })],
  ['bands.get', (c, orgId) => c.bands.get({ orgId, bandId: a.bandId })],
  ['bands.list', (c, orgId) => c.bands.list({ orgId, eventId: a.eventId })],
  ['bands.disable', (c, orgId) => c.bands.disable({ orgId, bandId: a.bandId })],
  ['bands.enable', (c, orgId) => c.bands.enable({ orgId, bandId: a.bandId })],
  ['bands.markLost', (c, orgId) => c.bands.markLost({ orgId, bandId: a.bandId })],
  ['bands.replace', (c, orgId) => c.bands.replace({ orgId, bandId: a.bandId })],
  ['bands.setAttendee', (c, orgId) => c.bands.setAttendee({ orgId, bandId: a.bandId, attendee: { name: 'x' } })],
  ['bands.importCsv', (c, orgId) => c.bands.importCsv({ orgId, eventId: a.eventId, csv: 'bandId\n' })],
  ['bands.exportCsv', (c, orgId) => c.bands.exportCsv({ orgId, eventId: a.eventId })],
  ['audit.list', (c, orgId) => c.audit.list({ orgId })],
];

/** Procedures whose org-B call legitimately succeeds because they touch nothing of org A. */
const harmlessInOwnOrg = new Set([
  'orgs.get',
  'orgs.update',
  'orgs.members',
  'orgs.invite',
  'orgs.invitations',
  'events.list',
  'events.create',
  'audit.list',
]);

describe('org B cannot reach org A', () => {
  test.each(attempts)('%s naming org A is refused', async (_name, call) => {
    let code = 'none';
    await call(intruder, orgA).catch((error) => {
      code = errorCodeOf(error);
    });
    expect(code).toBe('NOT_FOUND');
  });

  test.each(attempts.filter(([name]) => !harmlessInOwnOrg.has(name)))(
    '%s naming org B with org A ids finds nothing',
    async (_name, call) => {
      let code = 'none';
      await call(intruder, orgB).catch((error) => {
        code = errorCodeOf(error);
      });
      expect(code).toBe('NOT_FOUND');
    },
  );

  test('org A is untouched afterwards', async () => {
    const owner = await t.caller();
    const event = await owner.events.get({ orgId: orgA, eventId: a.eventId });
    expect(event).toMatchObject({ name: 'Demo Festival', bandCount: t.demo.bandIds.length });
    expect(event.windows.map((w) => w.url)).not.toContain('https://evil.example');
    expect(await owner.bands.get({ orgId: orgA, bandId: a.bandId })).toMatchObject({
      status: 'ACTIVE',
      attendee: null,
    });
    expect((await owner.orgs.members({ orgId: orgA })).map((m) => m.role)).toEqual(['OWNER']);
    expect((await owner.orgs.get({ orgId: orgA })).name).not.toBe('pwned');
  });

  test('a platform ADMIN acts across organizations', async () => {
    const admin = await t.newUser('Admin');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    await client.query("update users set platform_role = 'ADMIN' where id = $1", [admin.userId]);
    await client.end();
    const caller = await t.caller(admin.token);
    await expect(caller.events.get({ orgId: orgA, eventId: a.eventId })).resolves.toMatchObject({ id: a.eventId });
    await expect(caller.orgs.listAll()).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: orgB })]),
    );
  });
});

describe('without a session', () => {
  test.each(attempts)('%s over HTTP answers 401', async (name) => {
    const [router, procedure] = name.split('.');
    const isQuery = /^(get|list|members|invitations|exportCsv)$/.test(procedure!);
    const input = JSON.stringify({ orgId: orgA });
    const response = isQuery
      ? await fetch(`${t.url}/trpc/${router}.${procedure}?input=${encodeURIComponent(input)}`)
      : await fetch(`${t.url}/trpc/${router}.${procedure}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: input,
        });
    expect(response.status).toBe(401);
  });
});
