import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';
import { newBandId } from '../bands/band-registration.ts';

const t = useTestCloud();

const base = { timezone: 'Europe/Berlin', fallbackUrl: 'https://example.com/fallback' };

describe('events', () => {
  test('the demo owner lists the demo event over HTTP', async () => {
    const page = await t.client.events.list.query({ orgId: t.orgId });
    expect(page.items.map((e) => e.name)).toContain('Demo Festival');
  });

  test('creates, reads, updates an event', async () => {
    const created = await t.owner.events.create({ orgId: t.orgId, name: 'Summer Fest', ...base });
    expect(created).toMatchObject({ name: 'Summer Fest', status: 'ACTIVE', overrideMode: null, orgId: t.orgId });
    const updated = await t.owner.events.update({
      orgId: t.orgId,
      eventId: created.id,
      name: 'Summer Fest 2027',
      overrideMode: 'LIVE',
    });
    expect(updated).toMatchObject({ name: 'Summer Fest 2027', overrideMode: 'LIVE', timezone: 'Europe/Berlin' });
    const read = await t.owner.events.get({ orgId: t.orgId, eventId: created.id });
    expect(read).toMatchObject({ name: 'Summer Fest 2027', windows: [], bandCount: 0 });
  });

  test('pages through events newest first without repeats or gaps', async () => {
    const user = await t.newUser();
    const org = await user.caller.orgs.create({ name: 'Paging', slug: `paging-${Date.now()}` });
    const names = [];
    for (let i = 0; i < 5; i++) {
      names.push((await user.caller.events.create({ orgId: org.id, name: `E${i}`, ...base })).name);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = await user.caller.events.list({
        orgId: org.id,
        limit: 2,
        cursor,
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
    const searched = await user.caller.events.list({ orgId: org.id, search: 'e3' });
    expect(searched.items.map((e) => e.name)).toEqual(['E3']);
  });

  test('duplicates an event with its windows, shifted, and not its bands', async () => {
    const source = await t.owner.events.create({ orgId: t.orgId, name: 'Edition 1', ...base });
    await t.owner.windows.create({
      orgId: t.orgId,
      eventId: source.id,
      kind: 'LIVE',
      url: 'https://example.com/live',
      startsAt: '2027-06-01T10:00:00Z',
      endsAt: '2027-06-01T22:00:00Z',
    });
    await t.owner.bands.register({ orgId: t.orgId, eventId: source.id });
    const day = 24 * 3600_000;
    const copy = await t.owner.events.duplicate({
      orgId: t.orgId,
      eventId: source.id,
      name: 'Edition 2',
      shiftMs: 365 * day,
    });
    expect(copy.name).toBe('Edition 2');
    expect(copy.windows).toEqual([
      expect.objectContaining({
        kind: 'LIVE',
        startsAt: '2028-05-31T10:00:00.000Z',
        endsAt: '2028-05-31T22:00:00.000Z',
      }),
    ]);
    expect((await t.owner.events.get({ orgId: t.orgId, eventId: copy.id })).bandCount).toBe(0);
  });

  test('refuses to delete an event with bands unless forced, then deletes it with its bands', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Doomed', ...base });
    await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    await expectErrorCode(t.owner.events.delete({ orgId: t.orgId, eventId: event.id }), 'EVENT_HAS_BANDS');
    expect(await t.owner.events.delete({ orgId: t.orgId, eventId: event.id, force: true })).toEqual({
      deleted: true,
      bandsDeleted: 1,
    });
    await expectErrorCode(t.owner.events.get({ orgId: t.orgId, eventId: event.id }), 'NOT_FOUND');
  });

  test('deletes an event with bands only when it has the count confirmed', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Counted', ...base });
    await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    const scope = { orgId: t.orgId, eventId: event.id };
    await expectErrorCode(t.owner.events.delete({ ...scope, expectBands: 0 }), 'EVENT_HAS_BANDS');
    await expectErrorCode(t.owner.events.delete({ ...scope, force: true, expectBands: 2 }), 'EVENT_HAS_BANDS');
    expect(await t.owner.events.delete({ ...scope, expectBands: 1 })).toEqual({ deleted: true, bandsDeleted: 1 });
  });

  test('a desk registration committed while the delete waits for the bands lock makes it refuse', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Raced', ...base });
    await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    // A desk's push mid-flight: it holds the organization's bands lock, its band not yet committed.
    const desk = await t.db.connect();
    try {
      await desk.query('begin');
      await desk.query('select pg_advisory_xact_lock(hashtext($1))', [`bands:${t.orgId}`]);
      const deleting = t.owner.events.delete({ orgId: t.orgId, eventId: event.id, expectBands: 1 });
      const outcome = deleting.then(
        () => 'deleted',
        (error: unknown) => error,
      );
      await waitForLockWaiter('advisory');
      await desk.query(
        `insert into bands (id, org_id, event_id, band_id, status, registered_at, trust)
         values ($1, $2, $3, $4, 'ACTIVE', now(), 'NONE')`,
        [randomUUID(), t.orgId, event.id, newBandId(t.orgId)],
      );
      await desk.query('commit');
      await expectErrorCode(deleting, 'EVENT_HAS_BANDS');
      expect(await outcome).not.toBe('deleted');
    } finally {
      desk.release();
    }
    expect((await t.owner.events.get({ orgId: t.orgId, eventId: event.id })).bandCount).toBe(2);
  });

  test('a band written without the bands lock, committed while the delete runs, makes it refuse', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Raced unlocked', ...base });
    await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    // The console's batch registration and a band moved in take no advisory lock: only the event row's key lock.
    const writer = await t.db.connect();
    try {
      await writer.query('begin');
      await writer.query(
        `insert into bands (id, org_id, event_id, band_id, status, registered_at, trust)
         values ($1, $2, $3, $4, 'ACTIVE', now(), 'NONE')`,
        [randomUUID(), t.orgId, event.id, newBandId(t.orgId)],
      );
      const deleting = t.owner.events.delete({ orgId: t.orgId, eventId: event.id, expectBands: 1 });
      const outcome = deleting.then(
        () => 'deleted',
        (error: unknown) => error,
      );
      await waitForLockWaiter('transactionid');
      await writer.query('commit');
      await expectErrorCode(deleting, 'EVENT_HAS_BANDS');
      expect(await outcome).not.toBe('deleted');
    } finally {
      writer.release();
    }
    expect((await t.owner.events.get({ orgId: t.orgId, eventId: event.id })).bandCount).toBe(2);
  });

  test('deletes an event without bands', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Empty', ...base });
    expect(await t.owner.events.delete({ orgId: t.orgId, eventId: event.id })).toMatchObject({ deleted: true });
  });

  test.each([
    ['an unknown time zone', { name: 'X', timezone: 'Mars/Olympus', fallbackUrl: 'https://example.com' }],
    ['a non-http fallback URL', { name: 'X', timezone: 'UTC', fallbackUrl: 'javascript:alert(1)' }],
    ['an empty name', { name: '', timezone: 'UTC', fallbackUrl: 'https://example.com' }],
  ])('refuses an event with %s', async (_case, input) => {
    await expectErrorCode(t.owner.events.create({ orgId: t.orgId, ...input }), 'BAD_INPUT');
  });

  test('a VIEWER reads events but may not create, change or delete them', async () => {
    const viewer = await t.newUser('Viewer');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Read only', ...base });
    await expect(viewer.caller.events.get({ orgId: t.orgId, eventId: event.id })).resolves.toMatchObject({
      id: event.id,
    });
    await expectErrorCode(viewer.caller.events.create({ orgId: t.orgId, name: 'No', ...base }), 'FORBIDDEN');
    await expectErrorCode(viewer.caller.events.update({ orgId: t.orgId, eventId: event.id, name: 'No' }), 'FORBIDDEN');
    await expectErrorCode(viewer.caller.events.delete({ orgId: t.orgId, eventId: event.id }), 'FORBIDDEN');
    await expectErrorCode(viewer.caller.events.duplicate({ orgId: t.orgId, eventId: event.id }), 'FORBIDDEN');
  });

  test('every change is in the audit log with before and after, readable by the OWNER only', async () => {
    const event = await t.owner.events.create({ orgId: t.orgId, name: 'Audited', ...base });
    await t.owner.events.update({ orgId: t.orgId, eventId: event.id, name: 'Audited twice' });
    const log = await t.owner.audit.list({ orgId: t.orgId, entity: 'event', entityId: event.id });
    expect(log.items.map((e) => e.action)).toEqual(['event.update', 'event.create']);
    expect(log.items[0]).toMatchObject({
      actorId: t.demo.userId,
      before: expect.objectContaining({ name: 'Audited' }),
      after: expect.objectContaining({ name: 'Audited twice' }),
    });
    const editor = await t.newUser('Editor');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: editor.email, role: 'EDITOR' });
    await editor.caller.orgs.acceptInvite({ token: invitation.token });
    await expectErrorCode(editor.caller.audit.list({ orgId: t.orgId }), 'FORBIDDEN');
  });
});

/** Until some session of this database waits for an advisory lock (the delete, queued behind the desk). */
async function waitForLockWaiter(locktype: 'advisory' | 'transactionid'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.db.query<{ n: number }>(
      'select count(*)::int as n from pg_locks where locktype = $1 and not granted',
      [locktype],
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the delete never waited for a ${locktype} lock`);
}
