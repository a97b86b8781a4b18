import { randomBytes, randomUUID } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import type { PullResponse } from '@sparkmotion/shared/sync/protocol';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const newBandId = () => mintBandId(orgBandTag(t.demo.orgId), (n) => randomBytes(n));
const uid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
const registration = (eventId: string, bandId = newBandId(), tag = uid()) => ({
  name: 'band.register',
  args: { bandId, uid: tag, eventId, stationId: 'desk-1', registeredAt: '2026-07-01T10:00:00.000Z' },
});

async function pullAll(clientId: string, cursor: string | null = null, limit = 5000) {
  const pages: PullResponse[] = [];
  for (;;) {
    const page = await t.client.sync.pull.query({ clientId, cursor, limit });
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return { pages, cursor };
  }
}

describe('sync push', () => {
  test('applies each mutation once; a replayed batch after a lost response changes nothing', async () => {
    const clientId = randomUUID();
    const batch = [
      { mutationId: 1, name: 'event.update', args: { eventId: t.demo.eventId, patch: { name: 'Renamed Fest' } } },
      { mutationId: 2, ...registration(t.demo.eventId) },
    ];
    const first = await t.client.sync.push.mutate({ clientId, mutations: batch });
    expect(first).toEqual({
      lastMutationId: 2,
      results: [
        { mutationId: 1, status: 'applied' },
        { mutationId: 2, status: 'applied' },
      ],
    });
    const band = batch[1]!.args as { bandId: string; uid: string };
    const stored = await t.db.query('select uid, status, station_id, registered_by_id from bands where band_id = $1', [
      band.bandId,
    ]);
    expect(stored.rows).toEqual([
      { uid: band.uid, status: 'ACTIVE', station_id: 'desk-1', registered_by_id: t.demo.userId },
    ]);
    const audit = await t.db.query("select actor_id from audit_log where action = 'band.register' and entity_id = $1", [
      band.bandId,
    ]);
    expect(audit.rows).toEqual([{ actor_id: t.demo.userId }]);
    const before = await t.db.query('select version::text from events where id = $1', [t.demo.eventId]);
    const bandsBefore = await t.db.query('select count(*)::int as n from bands');
    const replay = await t.client.sync.push.mutate({ clientId, mutations: batch });
    expect(replay).toEqual(first);
    const after = await t.db.query('select version::text from events where id = $1', [t.demo.eventId]);
    expect(after.rows[0].version).toBe(before.rows[0].version);
    expect((await t.db.query('select count(*)::int as n from bands')).rows[0].n).toBe(bandsBefore.rows[0].n);
  });

  test('rejects an overlapping window with the reason, and a replay answers the same rejection', async () => {
    const clientId = randomUUID();
    const window = {
      eventId: t.demo.eventId,
      kind: 'LIVE',
      url: 'https://live.example',
      startsAt: '2030-01-01T10:00:00Z',
      endsAt: '2030-01-01T12:00:00Z',
    };
    const mutations = [
      { mutationId: 1, name: 'window.create', args: { ...window, windowId: randomUUID() } },
      {
        mutationId: 2,
        name: 'window.create',
        args: { ...window, windowId: randomUUID(), startsAt: '2030-01-01T11:00:00Z', endsAt: '2030-01-01T13:00:00Z' },
      },
    ];
    const first = await t.client.sync.push.mutate({ clientId, mutations });
    expect(first.lastMutationId).toBe(2);
    expect(first.results[1]).toMatchObject({ mutationId: 2, status: 'rejected', code: 'WINDOW_OVERLAP' });
    expect(await t.client.sync.push.mutate({ clientId, mutations })).toEqual(first);
    const count = await t.db.query("select count(*)::int as n from event_windows where starts_at >= '2030-01-01'");
    expect(count.rows[0].n).toBe(1);

    // Once the client pushes from mutation 3, it has let 1 and 2 go: their outcomes go once 30 days old.
    const recorded = () =>
      t.db.query('select mutation_id::int as id from sync_mutation_results where client_id = $1', [clientId]);
    expect((await recorded()).rows).toEqual([{ id: 2 }]);
    await t.client.sync.push.mutate({ clientId, mutations: [{ mutationId: 3, ...registration(t.demo.eventId) }] });
    expect((await recorded()).rows).toEqual([{ id: 2 }]);
    await t.db.query("update sync_mutation_results set created_at = now() - interval '31 days' where client_id = $1", [
      clientId,
    ]);
    await t.client.sync.push.mutate({ clientId, mutations: [{ mutationId: 4, ...registration(t.demo.eventId) }] });
    expect((await recorded()).rows).toEqual([]);
  });

  test("saves an event's windows as one change: a boundary moved later applies, an overlapping set is rejected whole", async () => {
    const clientId = randomUUID();
    const live = randomUUID();
    const post = randomUUID();
    const w = (windowId: string, kind: string, startsAt: string, endsAt: string) => ({
      windowId,
      kind,
      url: `https://${kind.toLowerCase()}.example`,
      startsAt,
      endsAt,
    });
    const save = (put: ReturnType<typeof w>[]) => ({
      name: 'windows.save',
      args: { eventId: t.demo.eventId, put, remove: [] },
    });
    const result = await t.client.sync.push.mutate({
      clientId,
      mutations: [
        {
          mutationId: 1,
          ...save([
            w(live, 'LIVE', '2032-01-01T10:00:00Z', '2032-01-01T12:00:00Z'),
            w(post, 'POST', '2032-01-01T12:00:00Z', '2032-01-02T00:00:00Z'),
          ]),
        },
        {
          mutationId: 2,
          ...save([
            w(live, 'LIVE', '2032-01-01T10:00:00Z', '2032-01-01T14:00:00Z'),
            w(post, 'POST', '2032-01-01T14:00:00Z', '2032-01-02T00:00:00Z'),
          ]),
        },
        { mutationId: 3, ...save([w(live, 'LIVE', '2032-01-01T10:00:00Z', '2032-01-01T15:00:00Z')]) },
      ],
    });
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(result.results[2]).toMatchObject({ code: 'WINDOW_OVERLAP' });
    const rows = await t.db.query(
      "select kind, ends_at from event_windows where starts_at >= '2032-01-01' order by starts_at",
    );
    expect(rows.rows.map((r) => [r.kind, r.ends_at.toISOString()])).toEqual([
      ['LIVE', '2032-01-01T14:00:00.000Z'],
      ['POST', '2032-01-02T00:00:00.000Z'],
    ]);
  });

  test('band registration is first-wins across desks, and the loser is told', async () => {
    const tag = uid();
    const a = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [{ mutationId: 1, ...registration(t.demo.eventId, newBandId(), tag) }],
    });
    const b = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [{ mutationId: 1, ...registration(t.demo.eventId, newBandId(), tag) }],
    });
    expect(a.results).toEqual([{ mutationId: 1, status: 'applied' }]);
    expect(b.results[0]).toMatchObject({ status: 'rejected', code: 'BAND_ALREADY_REGISTERED' });
    expect((await t.db.query('select count(*)::int as n from bands where uid = $1', [tag])).rows[0].n).toBe(1);
  });

  test('a re-encode pushed late at an older secret version leaves the newer one', async () => {
    const first = registration(t.demo.eventId);
    const at = (secretVersion: number) => ({ ...first, args: { ...first.args, secretVersion } });
    await t.client.sync.push.mutate({ clientId: randomUUID(), mutations: [{ mutationId: 1, ...at(1) }] });
    // Desk B re-encoded the band at v2 offline; desk A, online, at v3 afterwards and pushes first.
    await t.client.sync.push.mutate({ clientId: randomUUID(), mutations: [{ mutationId: 1, ...at(3) }] });
    const late = await t.client.sync.push.mutate({ clientId: randomUUID(), mutations: [{ mutationId: 1, ...at(2) }] });
    expect(late.results).toEqual([{ mutationId: 1, status: 'applied' }]);
    const stored = await t.db.query('select secret_version from bands where band_id = $1', [first.args.bandId]);
    expect(stored.rows).toEqual([{ secret_version: 3 }]);
  });

  test('a released tag can carry a new band; releasing a tag the band no longer has is a no-op', async () => {
    const tag = uid();
    const old = registration(t.demo.eventId, newBandId(), tag);
    const next = registration(t.demo.eventId, newBandId(), tag);
    const release = { name: 'band.release', args: { bandId: old.args.bandId, uid: tag } };
    const response = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [
        { mutationId: 1, ...old },
        { mutationId: 2, ...release },
        { mutationId: 3, ...next },
        { mutationId: 4, ...release },
      ],
    });
    expect(response.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'transformed']);
    const rows = await t.db.query('select band_id, uid, status from bands where band_id in ($1, $2) order by uid', [
      old.args.bandId,
      next.args.bandId,
    ]);
    expect(rows.rows).toEqual([
      { band_id: next.args.bandId, uid: tag, status: 'ACTIVE' },
      { band_id: old.args.bandId, uid: null, status: 'DISABLED' },
    ]);
  });

  test('a VIEWER may pull but every change they push is rejected as FORBIDDEN', async () => {
    const viewer = await t.newUser('Viewer');
    await t.db.query(
      "insert into org_members (id, org_id, user_id, role) values (gen_random_uuid(), $1, $2, 'VIEWER')",
      [t.demo.orgId, viewer.userId],
    );
    const client = t.clientFor(viewer.token);
    const band = await t.db.query('select band_id from bands where org_id = $1 limit 1', [t.demo.orgId]);
    const response = await client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [
        { mutationId: 1, name: 'event.update', args: { eventId: t.demo.eventId, patch: { name: 'Viewer was here' } } },
        { mutationId: 2, ...registration(t.demo.eventId) },
        { mutationId: 3, name: 'band.reassign', args: { bandId: band.rows[0].band_id, eventId: t.demo.eventId } },
      ],
    });
    expect(response.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    const pulled = await client.sync.pull.query({ clientId: randomUUID(), cursor: null });
    expect(pulled.changes.some((c) => c.entity === 'event' && c.id === t.demo.eventId)).toBe(true);
  });

  test('stops at a gap in mutation ids instead of applying out of order', async () => {
    const clientId = randomUUID();
    const response = await t.client.sync.push.mutate({
      clientId,
      mutations: [
        { mutationId: 1, ...registration(t.demo.eventId) },
        { mutationId: 3, ...registration(t.demo.eventId) },
      ],
    });
    expect(response.lastMutationId).toBe(1);
    expect(response.results.map((r) => r.mutationId)).toEqual([1]);
  });

  test('a mutation with bad arguments is rejected as BAD_INPUT, not retried forever', async () => {
    const response = await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [{ mutationId: 1, name: 'band.register', args: { bandId: 'nope' } }],
    });
    expect(response).toMatchObject({ lastMutationId: 1, results: [{ status: 'rejected', code: 'BAD_INPUT' }] });
  });

  test("refuses a client id that belongs to another user, and a stranger's event", async () => {
    const clientId = randomUUID();
    await t.client.sync.push.mutate({ clientId, mutations: [{ mutationId: 1, ...registration(t.demo.eventId) }] });
    const stranger = await t.newUser('Stranger');
    const client = t.clientFor(stranger.token);
    await expect(
      client.sync.push.mutate({ clientId, mutations: [{ mutationId: 2, ...registration(t.demo.eventId) }] }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const own = await client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: [{ mutationId: 1, ...registration(t.demo.eventId) }],
    });
    expect(own.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
  });
});

describe('sync pull', () => {
  beforeAll(async () => {
    await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: Array.from({ length: 120 }, (_, i) => ({ mutationId: i + 1, ...registration(t.demo.eventId) })),
    });
  });

  test('pages through every change by version and then has nothing new', async () => {
    const clientId = randomUUID();
    const { pages, cursor } = await pullAll(clientId, null, 3);
    expect(pages[0]!.reset).toBe(true);
    expect(pages.length).toBeGreaterThan(1);
    const changes = pages.flatMap((p) => p.changes);
    const versions = changes.map((c) => BigInt(c.version));
    expect([...versions].sort((x, y) => (x < y ? -1 : 1))).toEqual(versions);
    expect(changes.some((c) => c.entity === 'organization' && c.id === t.demo.orgId)).toBe(true);
    expect(changes.some((c) => c.entity === 'event' && c.id === t.demo.eventId)).toBe(true);
    // Every band once, across pages (versions order numerically, past 9 → 10 and 99 → 100 too).
    const bands = await t.db.query('select band_id from bands where org_id = $1', [t.demo.orgId]);
    expect(bands.rowCount).toBeGreaterThan(10);
    expect(new Set(changes.filter((c) => c.entity === 'band').map((c) => c.id))).toEqual(
      new Set(bands.rows.map((r) => r.band_id)),
    );
    const again = await t.client.sync.pull.query({ clientId, cursor });
    expect(again).toMatchObject({ reset: false, changes: [], tombstones: [], hasMore: false });
  });

  test('brings edits and deletions after the cursor, with the client’s last mutation id', async () => {
    const clientId = randomUUID();
    const { cursor } = await pullAll(clientId);
    const windowId = randomUUID();
    await t.client.sync.push.mutate({
      clientId,
      mutations: [
        {
          mutationId: 1,
          name: 'window.create',
          args: {
            windowId,
            eventId: t.demo.eventId,
            kind: 'POST',
            url: 'https://post.example',
            startsAt: '2031-01-01T10:00:00Z',
            endsAt: '2031-01-01T12:00:00Z',
          },
        },
        { mutationId: 2, name: 'window.delete', args: { windowId } },
      ],
    });
    const page = await t.client.sync.pull.query({ clientId, cursor });
    expect(page.lastMutationId).toBe(2);
    // Created and deleted before the pull: only the tombstone is left to see.
    expect(page.changes.filter((c) => c.id === windowId)).toHaveLength(0);
    expect(page.tombstones).toContainEqual(expect.objectContaining({ entity: 'window', id: windowId }));
  });

  test('never moves its cursor past a version whose transaction is still in flight', async () => {
    const clientId = randomUUID();
    const { cursor } = await pullAll(clientId);
    const slow = new pg.Client({ connectionString: t.databaseUrl });
    await slow.connect();
    try {
      // A writer takes a version and stays open; a later writer takes a higher one and commits.
      await slow.query('begin');
      await slow.query("update events set name = 'Slow writer' where id = $1", [t.demo.eventId]);
      await t.db.query("update event_windows set url = 'https://fast.example/' where event_id = $1", [t.demo.eventId]);
      const pulling = t.client.sync.pull.query({ clientId, cursor });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await slow.query('commit');
      const page = await pulling;
      const next = await t.client.sync.pull.query({ clientId, cursor: page.cursor });
      const seen = [...page.changes, ...next.changes];
      expect(seen.some((c) => c.entity === 'event' && c.row.name === 'Slow writer')).toBe(true);
      expect(seen.some((c) => c.entity === 'window' && c.row.url === 'https://fast.example/')).toBe(true);
    } finally {
      await slow.end();
    }
  });

  test("shows nothing of orgs the user is not a member of, and starts over when the user's orgs change", async () => {
    const stranger = await t.newUser('Outsider');
    const client = t.clientFor(stranger.token);
    const clientId = randomUUID();
    const first = await client.sync.pull.query({ clientId, cursor: null });
    expect(first.changes).toEqual([]);
    await t.db.query(
      "insert into org_members (id, org_id, user_id, role) values (gen_random_uuid(), $1, $2, 'VIEWER')",
      [t.demo.orgId, stranger.userId],
    );
    const joined = await client.sync.pull.query({ clientId, cursor: first.cursor });
    expect(joined.reset).toBe(true);
    expect(joined.changes.some((c) => c.entity === 'event' && c.id === t.demo.eventId)).toBe(true);
  });
});
