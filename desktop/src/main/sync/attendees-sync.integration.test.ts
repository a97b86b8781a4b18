/** Attendee links between a real cloud and desks with real SQLite files, the network cut in between. */
import { describe, expect, test } from 'vitest';
import { desktop, syncCloudPerFile, t } from './testing/sync-fixture.ts';

syncCloudPerFile();

describe('attendees between the cloud and a desk', () => {
  test("a desk edits an attendee offline, the cloud's concurrent edit of another field stands too, and a tighter rule drops what the desk may no longer hold", async () => {
    await t.owner.orgs.update({ orgId: t.orgId, deskAttendees: 'FULL' });
    const band = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: t.demo.eventId,
      attendee: { name: 'Ann', email: 'ann@example.com', ticketCode: 'T-1' },
    });
    const desk = await desktop();
    await desk.engine.syncNow();
    const local = async () => {
      const b = await desk.store.band({ bandId: band.bandId });
      return { name: b?.attendeeName, email: b?.attendeeEmail, ticketCode: b?.attendeeTicketCode };
    };
    expect(await local()).toEqual({ name: 'Ann', email: 'ann@example.com', ticketCode: 'T-1' });

    await desk.net.down();
    await desk.store.mutate('band.setAttendee', { bandId: band.bandId, attendee: { ticketCode: 'T-2' } });
    await t.owner.bands.setAttendee({
      orgId: t.orgId,
      bandId: band.bandId,
      attendee: { name: 'Ann Smith', email: 'ann@example.com', ticketCode: 'T-1' },
    });
    expect((await desk.store.bands(t.demo.eventId, { search: 't-2' })).total).toBe(1);
    await desk.net.up();
    expect((await desk.engine.syncNow()).pending).toBe(0);
    const merged = { name: 'Ann Smith', email: 'ann@example.com', ticketCode: 'T-2' };
    expect(await local()).toEqual(merged);
    expect((await t.owner.bands.get({ orgId: t.orgId, bandId: band.bandId })).attendee).toEqual(merged);

    await t.owner.orgs.update({ orgId: t.orgId, deskAttendees: 'NONE' });
    await desk.engine.syncNow();
    expect(await local()).toEqual({ name: null, email: null, ticketCode: null });
    expect((await desk.store.bands(t.demo.eventId, { search: 'ann smith' })).total).toBe(0);
    expect((await desk.store.organizations()).find((o) => o.id === t.orgId)?.attendees).toBe('NONE');
  });
});
