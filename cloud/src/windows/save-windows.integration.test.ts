import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const at = (hour: number) => new Date(Date.UTC(2027, 5, 1, hour)).toISOString();
const window = (id: string, kind: 'PRE' | 'LIVE' | 'POST', from: number, to: number) => ({
  id,
  kind,
  url: `https://e.com/${kind.toLowerCase()}`,
  startsAt: at(from),
  endsAt: at(to),
});

/** An event with LIVE 10–20 and POST 20–23, saved as one change. */
async function eventWithLiveAndPost() {
  const event = await t.owner.events.create({
    orgId: t.orgId,
    name: 'Save',
    timezone: 'UTC',
    fallbackUrl: 'https://e.com',
  });
  const live = randomUUID();
  const post = randomUUID();
  await t.owner.windows.save({
    orgId: t.orgId,
    eventId: event.id,
    put: [window(live, 'LIVE', 10, 20), window(post, 'POST', 20, 23)],
    remove: [],
  });
  return { eventId: event.id, live, post };
}

const shape = async (eventId: string) =>
  (await t.owner.windows.list({ orgId: t.orgId, eventId })).map(
    (w) => `${w.kind} ${w.startsAt.slice(11, 13)}-${w.endsAt.slice(11, 13)}`,
  );

describe("saving an event's windows as one change", () => {
  test('moves the LIVE/POST boundary later, which saved one by one would overlap on the way', async () => {
    const { eventId, live, post } = await eventWithLiveAndPost();
    await expectErrorCode(t.owner.windows.update({ orgId: t.orgId, windowId: live, endsAt: at(22) }), 'WINDOW_OVERLAP');
    await t.owner.windows.save({
      orgId: t.orgId,
      eventId,
      put: [window(live, 'LIVE', 10, 22), window(post, 'POST', 22, 23)],
      remove: [],
    });
    expect(await shape(eventId)).toEqual(['LIVE 10-22', 'POST 22-23']);
  });

  test('refuses a save whose resulting set overlaps and writes none of it', async () => {
    const { eventId, live, post } = await eventWithLiveAndPost();
    await expectErrorCode(
      t.owner.windows.save({
        orgId: t.orgId,
        eventId,
        put: [window(live, 'LIVE', 10, 21), window(randomUUID(), 'PRE', 0, 10)],
        remove: [],
      }),
      'WINDOW_OVERLAP',
    );
    expect(await shape(eventId)).toEqual(['LIVE 10-20', 'POST 20-23']);
    await t.owner.windows.save({ orgId: t.orgId, eventId, put: [window(live, 'LIVE', 10, 23)], remove: [post] });
    expect(await shape(eventId)).toEqual(['LIVE 10-23']);
  });

  test('removing a window that is already gone is no error', async () => {
    const { eventId, post } = await eventWithLiveAndPost();
    await t.owner.windows.save({ orgId: t.orgId, eventId, put: [], remove: [post] });
    await t.owner.windows.save({ orgId: t.orgId, eventId, put: [], remove: [post] });
    expect(await shape(eventId)).toEqual(['LIVE 10-20']);
  });

  test("another event's window cannot be written, nor removed, and stays where it is", async () => {
    const first = await eventWithLiveAndPost();
    const second = await eventWithLiveAndPost();
    await expectErrorCode(
      t.owner.windows.save({
        orgId: t.orgId,
        eventId: second.eventId,
        put: [window(first.post, 'POST', 0, 1)],
        remove: [],
      }),
      'BAD_INPUT',
    );
    await t.owner.windows.save({ orgId: t.orgId, eventId: second.eventId, put: [], remove: [first.post] });
    expect(await shape(first.eventId)).toEqual(['LIVE 10-20', 'POST 20-23']);
  });

  test("another organization's event cannot be saved into, and a VIEWER may not save", async () => {
    const { eventId } = await eventWithLiveAndPost();
    const stranger = await t.newUser('Stranger');
    const own = await stranger.caller.orgs.create({ name: 'Elsewhere', slug: `elsewhere-${randomUUID().slice(0, 8)}` });
    await expectErrorCode(
      stranger.caller.windows.save({ orgId: own.id, eventId, put: [window(randomUUID(), 'PRE', 0, 1)], remove: [] }),
      'NOT_FOUND',
    );
    const viewer = await t.newUser('Viewer');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    await expectErrorCode(
      viewer.caller.windows.save({ orgId: t.orgId, eventId, put: [window(randomUUID(), 'PRE', 0, 1)], remove: [] }),
      'FORBIDDEN',
    );
  });

  test('writes one audit row per window it changed', async () => {
    const { eventId, live, post } = await eventWithLiveAndPost();
    await t.owner.windows.save({ orgId: t.orgId, eventId, put: [window(live, 'LIVE', 10, 21)], remove: [post] });
    const audit = await t.owner.audit.list({ orgId: t.orgId, entity: 'window', limit: 500 });
    const actions = audit.items.filter((a) => a.entityId === live || a.entityId === post).map((a) => a.action);
    expect(actions.sort()).toEqual(['window.create', 'window.create', 'window.delete', 'window.update']);
  });
});
