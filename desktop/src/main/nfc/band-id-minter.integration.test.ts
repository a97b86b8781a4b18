import { bandIdMintedFor } from '@sparkmotion/shared/bands/org-band-tag';
import { describe, expect, test } from 'vitest';
import { db, desktop, registration, syncCloudPerFile, t } from '../sync/testing/sync-fixture.ts';
import { createBandIdMinter } from './band-id-minter.ts';

syncCloudPerFile();

describe("the desk's band ids", () => {
  test('are minted offline for the organization of the synced event, and sync to it', async () => {
    const desk = await desktop();
    expect((await desk.engine.syncNow()).status).toBe('idle');
    await desk.net.down();
    const mint = createBandIdMinter(
      async (eventId) => (await desk.store.events()).find((event) => event.id === eventId)?.orgId ?? null,
    );
    const bandIds = await Promise.all([mint(t.demo.eventId), mint(t.demo.eventId)]);
    expect(bandIds.map((id) => [id.length, bandIdMintedFor(id, t.demo.orgId)])).toEqual([
      [22, true],
      [22, true],
    ]);
    for (const bandId of bandIds) await desk.store.mutate('band.register', registration(bandId));
    await desk.net.up();
    expect((await desk.engine.syncNow()).status).toBe('idle');
    const stored = await db.query('select org_id from bands where band_id = any($1)', [bandIds]);
    expect(stored.rows).toEqual([{ org_id: t.demo.orgId }, { org_id: t.demo.orgId }]);
  });

  test('are not minted for an event the desk has not synced', async () => {
    const mint = createBandIdMinter(async () => null);
    await expect(mint('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
