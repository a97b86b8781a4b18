import { describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const at = (hour: number) => new Date(Date.UTC(2027, 5, 1, hour)).toISOString();

describe('windows', () => {
  test('creates PRE, LIVE and POST windows that touch, lists them in time order, updates and deletes one', async () => {
    const event = await t.newEvent();
    const live = await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'LIVE',
      url: 'https://e.com/live',
      startsAt: at(10),
      endsAt: at(20),
    });
    await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'PRE',
      url: 'https://e.com/pre',
      startsAt: at(0),
      endsAt: at(10),
    });
    await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'POST',
      url: 'https://e.com/post',
      startsAt: at(20),
      endsAt: at(23),
    });
    expect((await t.owner.windows.list({ orgId: t.orgId, eventId: event.id })).map((w) => w.kind)).toEqual([
      'PRE',
      'LIVE',
      'POST',
    ]);
    const moved = await t.owner.windows.update({ orgId: t.orgId, windowId: live.id, url: 'https://e.com/live2' });
    expect(moved).toMatchObject({ url: 'https://e.com/live2', startsAt: at(10) });
    await t.owner.windows.delete({ orgId: t.orgId, windowId: live.id });
    expect((await t.owner.windows.list({ orgId: t.orgId, eventId: event.id })).map((w) => w.kind)).toEqual([
      'PRE',
      'POST',
    ]);
  });

  test.each([
    ['starts inside another', at(12), at(22)],
    ['ends inside another', at(8), at(11)],
    ['contains another', at(9), at(21)],
    ['is contained by another', at(11), at(12)],
    ['is the same range', at(10), at(20)],
  ])('refuses a window that %s with WINDOW_OVERLAP', async (_case, startsAt, endsAt) => {
    const event = await t.newEvent();
    await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'LIVE',
      url: 'https://e.com/a',
      startsAt: at(10),
      endsAt: at(20),
    });
    await expectErrorCode(
      t.owner.windows.create({
        orgId: t.orgId,
        eventId: event.id,
        kind: 'POST',
        url: 'https://e.com/b',
        startsAt,
        endsAt,
      }),
      'WINDOW_OVERLAP',
    );
    expect(await t.owner.windows.list({ orgId: t.orgId, eventId: event.id })).toHaveLength(1);
  });

  test('refuses an update that makes two windows overlap', async () => {
    const event = await t.newEvent();
    await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'PRE',
      url: 'https://e.com/a',
      startsAt: at(0),
      endsAt: at(10),
    });
    const live = await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'LIVE',
      url: 'https://e.com/b',
      startsAt: at(10),
      endsAt: at(20),
    });
    await expectErrorCode(
      t.owner.windows.update({ orgId: t.orgId, windowId: live.id, startsAt: at(9) }),
      'WINDOW_OVERLAP',
    );
    await expectErrorCode(t.owner.windows.update({ orgId: t.orgId, windowId: live.id, endsAt: at(5) }), 'BAD_INPUT');
  });

  test('two overlapping windows sent at once: exactly one is kept', async () => {
    const event = await t.newEvent();
    const results = await Promise.allSettled([
      (await t.caller()).windows.create({
        orgId: t.orgId,
        eventId: event.id,
        kind: 'LIVE',
        url: 'https://e.com/a',
        startsAt: at(10),
        endsAt: at(20),
      }),
      (await t.caller()).windows.create({
        orgId: t.orgId,
        eventId: event.id,
        kind: 'LIVE',
        url: 'https://e.com/b',
        startsAt: at(15),
        endsAt: at(22),
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.owner.windows.list({ orgId: t.orgId, eventId: event.id })).toHaveLength(1);
  });

  test.each([
    ['ends before it starts', { kind: 'LIVE', url: 'https://e.com', startsAt: at(10), endsAt: at(9) }],
    [
      'has no offset in its times',
      { kind: 'LIVE', url: 'https://e.com', startsAt: '2027-06-01T10:00', endsAt: at(12) },
    ],
    ['has an unknown kind', { kind: 'DURING', url: 'https://e.com', startsAt: at(10), endsAt: at(12) }],
    ['has a non-http URL', { kind: 'LIVE', url: 'ftp://e.com', startsAt: at(10), endsAt: at(12) }],
  ])('refuses a window that %s', async (_case, input) => {
    const event = await t.newEvent();
    await expectErrorCode(
      t.owner.windows.create({
        orgId: t.orgId,
        eventId: event.id,
        ...(input as { kind: 'LIVE'; url: string; startsAt: string; endsAt: string }),
      }),
      'BAD_INPUT',
    );
  });

  test('a VIEWER lists windows but may not change them', async () => {
    const event = await t.newEvent();
    const w = await t.owner.windows.create({
      orgId: t.orgId,
      eventId: event.id,
      kind: 'LIVE',
      url: 'https://e.com',
      startsAt: at(1),
      endsAt: at(2),
    });
    const viewer = await t.newUser('Viewer');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    expect(await viewer.caller.windows.list({ orgId: t.orgId, eventId: event.id })).toHaveLength(1);
    await expectErrorCode(
      viewer.caller.windows.create({
        orgId: t.orgId,
        eventId: event.id,
        kind: 'POST',
        url: 'https://e.com',
        startsAt: at(3),
        endsAt: at(4),
      }),
      'FORBIDDEN',
    );
    await expectErrorCode(
      viewer.caller.windows.update({ orgId: t.orgId, windowId: w.id, url: 'https://x.com' }),
      'FORBIDDEN',
    );
    await expectErrorCode(viewer.caller.windows.delete({ orgId: t.orgId, windowId: w.id }), 'FORBIDDEN');
  });
});
