import { randomBytes, randomUUID } from 'node:crypto';
import type { DeskAttendees } from '@sparkmotion/shared/bands/attendee-privacy';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import type { Change, PullResponse } from '@sparkmotion/shared/sync/protocol';
import { describe, expect, test } from 'vitest';
import { type Caller, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const unknownBandId = () => mintBandId(orgBandTag(t.demo.orgId), (n) => randomBytes(n));
const ann = { name: 'Ann Smith', email: 'ann@example.com', ticketCode: 'T-100' };

async function pullAll(caller: Caller, clientId: string, cursor: string | null = null) {
  const pages: PullResponse[] = [];
  for (;;) {
    const page = await caller.sync.pull({ clientId, cursor, limit: 5000 });
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return { pages, cursor, reset: pages[0]!.reset };
  }
}

const bandIn = (pulled: { pages: PullResponse[] }, bandId: string) =>
  pulled.pages
    .flatMap((p) => p.changes)
    .filter((c): c is Extract<Change, { entity: 'band' }> => c.entity === 'band' && c.id === bandId)
    .at(-1)?.row;

const orgIn = (pulled: { pages: PullResponse[] }) =>
  pulled.pages.flatMap((p) => p.changes).find((c) => c.entity === 'organization' && c.id === t.orgId)?.row;

const setRule = (deskAttendees: DeskAttendees) => t.owner.orgs.update({ orgId: t.orgId, deskAttendees });

async function bandWith(attendee: typeof ann | null = ann) {
  const event = await t.newEvent();
  return t.owner.bands.register({ orgId: t.orgId, eventId: event.id, attendee });
}

describe("attendees on desks, under the organization's rule", () => {
  test('an organization starts with names and tickets on desks, emails kept in the cloud', async () => {
    expect((await t.owner.orgs.get({ orgId: t.orgId })).deskAttendees).toBe('NAME_AND_TICKET');
  });

  test.each([
    ['FULL', ann],
    ['NAME_AND_TICKET', { ...ann, email: null }],
    ['NONE', null],
  ] as const)('under %s a pull sends each band with what the desk may hold of its attendee', async (rule, expected) => {
    await setRule(rule);
    const band = await bandWith();
    const pulled = await pullAll(t.owner, randomUUID());
    expect(bandIn(pulled, band.bandId)).toMatchObject({ bandId: band.bandId, attendee: expected });
    // Once, though its attendee row is newer than the band's.
    expect(pulled.pages.flatMap((p) => p.changes).filter((c) => c.id === band.bandId)).toHaveLength(1);
    expect(orgIn(pulled)).toMatchObject({ attendees: rule });
  });

  test('a rule that tightens starts desks over at their next pull, without what they may no longer hold', async () => {
    await setRule('FULL');
    const band = await bandWith();
    const clientId = randomUUID();
    const first = await pullAll(t.owner, clientId);
    expect(bandIn(first, band.bandId)?.attendee).toEqual(ann);

    await setRule('NAME_AND_TICKET');
    const next = await pullAll(t.owner, clientId, first.cursor);
    expect(next.reset).toBe(true);
    expect(bandIn(next, band.bandId)?.attendee).toEqual({ ...ann, email: null });
    const audit = await t.db.query(
      "select before->>'deskAttendees' as before, after->>'deskAttendees' as after from audit_log where action = 'org.update' and entity_id = $1 order by created_at desc limit 1",
      [t.orgId],
    );
    expect(audit.rows).toEqual([{ before: 'FULL', after: 'NAME_AND_TICKET' }]);

    const unchanged = await pullAll(t.owner, clientId, next.cursor);
    expect(unchanged.reset).toBe(false);
  });

  test("a VIEWER's desk never holds emails, whatever the rule", async () => {
    await setRule('FULL');
    const band = await bandWith();
    const viewer = await t.newUser('Desk viewer');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    const pulled = await pullAll(viewer.caller, randomUUID());
    expect(bandIn(pulled, band.bandId)?.attendee).toEqual({ ...ann, email: null });
    expect(orgIn(pulled)).toMatchObject({ role: 'VIEWER', attendees: 'NAME_AND_TICKET' });
  });

  test('an attendee linked, changed or unlinked after a pull comes with the next one', async () => {
    await setRule('FULL');
    const band = await bandWith(null);
    const clientId = randomUUID();
    let { cursor } = await pullAll(t.owner, clientId);
    const steps = [
      [{ name: 'Bo' }, { name: 'Bo', email: null, ticketCode: null }],
      [
        { name: 'Bo', ticketCode: 'B-2' },
        { name: 'Bo', email: null, ticketCode: 'B-2' },
      ],
      [null, null],
    ] as const;
    for (const [attendee, expected] of steps) {
      await t.owner.bands.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee });
      const pulled = await pullAll(t.owner, clientId, cursor);
      expect(pulled.reset).toBe(false);
      expect(bandIn(pulled, band.bandId)).toMatchObject({ bandId: band.bandId, attendee: expected });
      cursor = pulled.cursor;
    }
  });
});

describe('band.setAttendee from a desk', () => {
  test('merges the fields the desk changed, is audited, and a replayed batch changes nothing', async () => {
    const band = await bandWith();
    const clientId = randomUUID();
    const mutations = [
      { mutationId: 1, name: 'band.setAttendee', args: { bandId: band.bandId, attendee: { ticketCode: 'T-200' } } },
    ];
    const first = await t.client.sync.push.mutate({ clientId, mutations });
    expect(first).toEqual({ lastMutationId: 1, results: [{ mutationId: 1, status: 'applied' }] });
    const view = async () => (await t.owner.bands.get({ orgId: t.orgId, bandId: band.bandId })).attendee;
    // The email the desk may not have seen stays.
    expect(await view()).toEqual({ ...ann, ticketCode: 'T-200' });
    const audits = async () =>
      (
        await t.db.query(
          "select actor_id, before, after from audit_log where action = 'band.setAttendee' and entity_id = $1",
          [band.bandId],
        )
      ).rows;
    expect(await audits()).toEqual([{ actor_id: t.demo.userId, before: ann, after: { ...ann, ticketCode: 'T-200' } }]);

    await t.owner.bands.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee: { name: 'Online edit' } });
    expect(await t.client.sync.push.mutate({ clientId, mutations })).toEqual(first);
    expect(await view()).toEqual({ name: 'Online edit', email: null, ticketCode: null });
    expect(await audits()).toHaveLength(2);
  });

  test('unlinks with null, and refuses a VIEWER and a band that does not exist', async () => {
    const band = await bandWith();
    const pushed = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [
        { mutationId: 1, name: 'band.setAttendee', args: { bandId: band.bandId, attendee: null } },
        { mutationId: 2, name: 'band.setAttendee', args: { bandId: unknownBandId(), attendee: null } },
      ],
    });
    expect(pushed.results[0]).toEqual({ mutationId: 1, status: 'applied' });
    expect(pushed.results[1]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    expect((await t.owner.bands.get({ orgId: t.orgId, bandId: band.bandId })).attendee).toBeNull();

    const viewer = await t.newUser('Viewer at a desk');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    const refused = await viewer.caller.sync.push({
      clientId: randomUUID(),
      mutations: [{ mutationId: 1, name: 'band.setAttendee', args: { bandId: band.bandId, attendee: { name: 'X' } } }],
    });
    expect(refused.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });
});
