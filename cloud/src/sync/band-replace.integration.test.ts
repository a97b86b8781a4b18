import { randomBytes, randomUUID } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { describe, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';

/** A desk's `band.replace` (lost & replace, queued offline) as the cloud replays it. */
const t = useTestCloud();

const mintFor = (orgId: string) => mintBandId(orgBandTag(orgId), (n) => randomBytes(n));
const uid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;
const at = '2026-07-01T10:00:00.000Z';

async function lostBand(attendee = 'Ada Lovelace') {
  const band = await t.client.bands.register.mutate({ orgId: t.demo.orgId, eventId: t.demo.eventId, uid: uid() });
  await t.client.bands.setAttendee.mutate({ orgId: t.demo.orgId, bandId: band.bandId, attendee: { name: attendee } });
  return band;
}

const replacement = (lostBandId: string, bandId = mintFor(t.demo.orgId), tag = uid()) => ({
  name: 'band.replace',
  args: {
    lostBandId,
    bandId,
    uid: tag,
    eventId: t.demo.eventId,
    stationId: 'desk-1',
    registeredAt: at,
    trust: 'NTAG21X_MIRROR',
  },
});

const push = (mutations: Array<{ name: string; args: unknown }>, clientId = randomUUID()) =>
  t.client.sync.push.mutate({ clientId, mutations: mutations.map((m, i) => ({ mutationId: i + 1, ...m })) });

describe('band.replace from a desk', () => {
  test('marks the lost band LOST, registers its replacement with the desk’s encoding, moves the attendee', async () => {
    const lost = await lostBand();
    const mutation = replacement(lost.bandId);
    expect((await push([mutation])).results).toEqual([{ mutationId: 1, status: 'applied' }]);

    const { args } = mutation;
    const view = await t.client.bands.get.query({ orgId: t.demo.orgId, bandId: lost.bandId });
    expect(view).toMatchObject({ status: 'LOST', replacedBy: args.bandId, attendee: null });
    const fresh = await t.client.bands.get.query({ orgId: t.demo.orgId, bandId: args.bandId });
    expect(fresh).toMatchObject({
      uid: args.uid,
      status: 'ACTIVE',
      eventId: t.demo.eventId,
      stationId: 'desk-1',
      registeredAt: at,
      trust: 'NTAG21X_MIRROR',
      replaces: lost.bandId,
      attendee: { name: 'Ada Lovelace' },
    });
    const audit = await t.db.query(
      "select count(*)::int as n from audit_log where action = 'band.replace' and entity_id = $1",
      [lost.bandId],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  test('the same replacement again (another client, a restored replica) is a no-op success', async () => {
    const lost = await lostBand();
    const mutation = replacement(lost.bandId);
    await push([mutation]);
    const before = await t.db.query('select version::text as v from bands where band_id = $1', [lost.bandId]);
    expect((await push([mutation])).results).toEqual([{ mutationId: 1, status: 'applied' }]);
    const after = await t.db.query('select version::text as v from bands where band_id = $1', [lost.bandId]);
    expect(after.rows).toEqual(before.rows);
    const count = await t.db.query('select count(*)::int as n from bands where band_id = $1', [mutation.args.bandId]);
    expect(count.rows[0].n).toBe(1);
  });

  test.each([
    ['a second, different replacement', 'BAND_ALREADY_REPLACED', async (lostId: string) => replacement(lostId)],
    [
      'a band id minted for another organization',
      'BAND_ID_FOREIGN',
      async (lostId: string) => replacement(lostId, mintFor(randomUUID())),
    ],
    [
      'a tag that is another live band',
      'BAND_ALREADY_REGISTERED',
      async (lostId: string) => {
        const other = await t.client.bands.register.mutate({
          orgId: t.demo.orgId,
          eventId: t.demo.eventId,
          uid: uid(),
        });
        return replacement(lostId, undefined, other.uid!);
      },
    ],
    ['a lost band nobody knows', 'NOT_FOUND', async () => replacement(mintFor(t.demo.orgId))],
  ])('refuses %s with a stable code and changes nothing', async (_case, code, make) => {
    const lost = await lostBand();
    if (code === 'BAND_ALREADY_REPLACED') await push([replacement(lost.bandId)]);
    const before = await t.client.bands.get.query({ orgId: t.demo.orgId, bandId: lost.bandId });
    const mutation = await make(lost.bandId);
    const response = await push([mutation]);
    expect(response.results[0]).toMatchObject({ status: 'rejected', code });
    expect(await t.client.bands.get.query({ orgId: t.demo.orgId, bandId: lost.bandId })).toEqual(before);
    const stored = await t.db.query('select count(*)::int as n from bands where band_id = $1', [mutation.args.bandId]);
    expect(stored.rows[0].n).toBe(0);
  });

  test('a pull brings the LOST band with its replacement’s id', async () => {
    const lost = await lostBand();
    const mutation = replacement(lost.bandId);
    await push([mutation]);
    const clientId = randomUUID();
    let cursor: string | null = null;
    const rows = new Map<string, unknown>();
    for (;;) {
      const page = await t.client.sync.pull.query({ clientId, cursor, limit: 5000 });
      for (const change of page.changes) if (change.entity === 'band') rows.set(change.id, change.row);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(rows.get(lost.bandId)).toMatchObject({ status: 'LOST', replacedBy: mutation.args.bandId });
    expect(rows.get(mutation.args.bandId)).toMatchObject({ status: 'ACTIVE', replacedBy: null });
  });
});
