/**
 * No answer confirms another organization's ids. Org B's owner aims at org A's rows two ways:
 * - naming a row by its id alone (sync mutations): org A's id gets exactly the answer a never-seen id gets;
 * - choosing org A's id for a new row (events.create, windows.create, windows.save, sync window.create and
 *   windows.save): one key space holds every organization's ids, so the id cannot be used, but the answer is
 *   exactly the one an id in use in org B itself gets ("cannot be used", whoever holds it).
 * "Exactly": HTTP status, code, message and details alike, with the id itself written as <id>.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestCloud } from './support/index.ts';

const t = useTestCloud();

/** Org A's rows (the demo organization's), which org B's owner tries to find out about. */
const a = { eventId: '', windowId: '', bandId: '', uid: '' };
/** Org B's own: two events, a window of the first, a band. */
const b = { orgId: '', token: '', eventId: '', otherEventId: '', windowId: '', bandId: '' };

const uid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
const at = (day: number) => new Date(Date.UTC(2031, 0, day)).toISOString();
const window = { kind: 'LIVE' as const, url: 'https://b.example/live', startsAt: at(1), endsAt: at(2) };

beforeAll(async () => {
  a.eventId = t.demo.eventId;
  a.windowId = (await t.owner.windows.list({ orgId: t.orgId, eventId: a.eventId }))[0]!.id;
  a.bandId = t.demo.bandIds[0]!;
  a.uid = uid();
  await t.db.query('update bands set uid = $1 where band_id = $2', [a.uid, a.bandId]);

  const owner = await t.newUser('Org B owner');
  b.token = owner.token;
  b.orgId = (await owner.caller.orgs.create({ name: 'Org B', slug: `org-b-${randomUUID().slice(0, 8)}` })).id;
  const event = { orgId: b.orgId, timezone: 'UTC', fallbackUrl: 'https://b.example' };
  b.eventId = (await owner.caller.events.create({ ...event, name: 'B one' })).id;
  b.otherEventId = (await owner.caller.events.create({ ...event, name: 'B two' })).id;
  b.windowId = (await owner.caller.windows.create({ orgId: b.orgId, eventId: b.eventId, ...window })).id;
  b.bandId = (await owner.caller.bands.register({ orgId: b.orgId, eventId: b.eventId, uid: uid() })).bandId;
});

/** One tRPC mutation over HTTP as org B's owner: the status and the whole answer, the id written as <id>. */
async function mutate(path: string, input: unknown, id: string) {
  const response = await fetch(`${t.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.text()).replaceAll(id, '<id>') };
}

/** One sync mutation pushed by org B's owner from a fresh desk: the push's status and the mutation's result. */
async function push(name: string, args: Record<string, unknown>, id: string) {
  const mutations = [{ mutationId: 1, name, args }];
  const answer = await mutate('sync.push', { clientId: randomUUID(), mutations }, id);
  return { status: answer.status, body: answer.body.replace(/"clientId":"[^"]+"/, '') };
}

describe('naming org A’s row by its id answers as a never-seen id', () => {
  const neverSeenBand = () => mintBandId(orgBandTag(b.orgId), (n) => randomBytes(n));
  const registration = (eventId: string) => ({
    bandId: neverSeenBand(),
    uid: uid(),
    eventId,
    stationId: 'desk-b',
    registeredAt: '2031-01-01T10:00:00.000Z',
  });
  const cases: Array<[string, string, () => string, () => string, (id: string) => Record<string, unknown>]> = [
    ['event.update', 'event.update', () => a.eventId, randomUUID, (id) => ({ eventId: id, patch: { name: 'x' } })],
    [
      'window.create in an event',
      'window.create',
      () => a.eventId,
      randomUUID,
      (id) => ({ windowId: randomUUID(), eventId: id, ...window }),
    ],
    [
      'window.update',
      'window.update',
      () => a.windowId,
      randomUUID,
      (id) => ({ windowId: id, patch: { url: 'https://b.example/x' } }),
    ],
    ['window.delete', 'window.delete', () => a.windowId, randomUUID, (id) => ({ windowId: id })],
    [
      'windows.save of an event',
      'windows.save',
      () => a.eventId,
      randomUUID,
      (id) => ({ eventId: id, put: [], remove: [randomUUID()] }),
    ],
    ['band.register in an event', 'band.register', () => a.eventId, randomUUID, (id) => registration(id)],
    [
      'band.reassign of a band',
      'band.reassign',
      () => a.bandId,
      neverSeenBand,
      (id) => ({ bandId: id, eventId: b.eventId }),
    ],
    [
      'band.reassign to an event',
      'band.reassign',
      () => a.eventId,
      randomUUID,
      (id) => ({ bandId: b.bandId, eventId: id }),
    ],
    [
      'band.replace of a lost band',
      'band.replace',
      () => a.bandId,
      neverSeenBand,
      (id) => ({ ...registration(b.eventId), lostBandId: id }),
    ],
    ['band.release', 'band.release', () => a.bandId, neverSeenBand, (id) => ({ bandId: id, uid: a.uid })],
  ];

  test.each(cases)('sync %s', async (_case, name, foreignId, neverSeenId, args) => {
    const [foreign, neverSeen] = [foreignId(), neverSeenId()];
    const answers = [await push(name, args(foreign), foreign), await push(name, args(neverSeen), neverSeen)];
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.body).not.toContain('BAD_INPUT');
  });
});

describe('choosing org A’s id for a new row answers as an id in use in org B', () => {
  const putWindow = (id: string) => ({ id, ...window, startsAt: at(5), endsAt: at(6) });
  const cases: Array<[string, string, () => string, () => string, (id: string) => Record<string, unknown>]> = [
    [
      'events.create',
      'events.create',
      () => a.eventId,
      () => b.otherEventId,
      (id) => ({ orgId: b.orgId, id, name: 'Copy', timezone: 'UTC', fallbackUrl: 'https://b.example' }),
    ],
    [
      'windows.create',
      'windows.create',
      () => a.windowId,
      () => b.windowId,
      (id) => ({ orgId: b.orgId, eventId: b.otherEventId, id, ...window }),
    ],
    [
      'windows.save',
      'windows.save',
      () => a.windowId,
      () => b.windowId,
      (id) => ({ orgId: b.orgId, eventId: b.otherEventId, put: [putWindow(id)], remove: [] }),
    ],
  ];

  test.each(cases)('%s', async (_case, path, foreignId, ownId, input) => {
    const [theirs, ours] = [foreignId(), ownId()];
    const foreign = await mutate(path, input(theirs), theirs);
    const own = await mutate(path, input(ours), ours);
    expect(foreign).toEqual(own);
    expect(foreign.status).toBe(400);
    expect(JSON.parse(foreign.body)).toMatchObject({
      error: {
        message: 'This id cannot be used: create it with a new one',
        data: { code: 'BAD_INPUT', details: null },
      },
    });
  });

  test.each([
    [
      'window.create',
      () => ({ windowId: a.windowId, eventId: b.otherEventId, ...window }),
      () => ({ windowId: b.windowId, eventId: b.otherEventId, ...window }),
    ],
    [
      'windows.save',
      () => ({ eventId: b.otherEventId, put: [{ windowId: a.windowId, ...window }], remove: [] }),
      () => ({ eventId: b.otherEventId, put: [{ windowId: b.windowId, ...window }], remove: [] }),
    ],
  ])('sync %s', async (name, foreignArgs, ownArgs) => {
    const foreign = await push(name, foreignArgs(), a.windowId);
    const own = await push(name, ownArgs(), b.windowId);
    expect(foreign).toEqual(own);
    expect(JSON.parse(foreign.body).result.data.results).toEqual([
      {
        mutationId: 1,
        status: 'rejected',
        code: 'BAD_INPUT',
        message: 'This id cannot be used: create it with a new one',
      },
    ]);
  });

  test('org A’s rows are untouched and nothing was created in org B', async () => {
    const windows = await t.owner.windows.list({ orgId: t.orgId, eventId: a.eventId });
    expect(windows.find((w) => w.id === a.windowId)).toBeDefined();
    expect(windows.map((w) => w.url)).not.toContain(window.url);
    const bOwner = await t.caller(b.token);
    const events = await bOwner.events.list({ orgId: b.orgId });
    expect(events.items.map((e) => e.name).sort()).toEqual(['B one', 'B two']);
    expect(await bOwner.windows.list({ orgId: b.orgId, eventId: b.otherEventId })).toEqual([]);
  });
});

describe('the same organization repeating a create', () => {
  test('gets the row again from events.create and a sync window.create replayed by a restored desk', async () => {
    const owner = await t.caller(b.token);
    const input = {
      orgId: b.orgId,
      id: randomUUID(),
      name: 'Retried',
      timezone: 'UTC',
      fallbackUrl: 'https://b.example',
    };
    const created = await owner.events.create(input);
    await expect(owner.events.create(input)).resolves.toEqual(created);
    const args = { windowId: randomUUID(), eventId: created.id, ...window };
    for (const clientId of [randomUUID(), randomUUID()]) {
      const answer = await t
        .clientFor(b.token)
        .sync.push.mutate({ clientId, mutations: [{ mutationId: 1, name: 'window.create', args }] });
      expect(answer.results).toEqual([{ mutationId: 1, status: 'applied' }]);
    }
    expect(await owner.windows.list({ orgId: b.orgId, eventId: created.id })).toHaveLength(1);
  });
});
