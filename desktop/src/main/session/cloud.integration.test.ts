import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOrgsRouter } from '../orgs/orgs.router.ts';
import { LocalStore } from '../store/local-store.ts';
import { router } from '../trpc.ts';
import { createCloudRouter } from './cloud.router.ts';
import { cloudJoin, cloudLogin } from './cloud-login.ts';
import { parseInvitationLink } from './invitation-link.ts';
import { createSessionService } from './session.service.ts';
import { createMemorySessionStore } from './session-store.ts';

let cloud: TestCloud;
let dir: string;
let store: LocalStore;
beforeAll(async () => {
  cloud = await startTestCloud();
  dir = await mkdtemp(join(tmpdir(), 'sm-cloud-router-'));
  store = await LocalStore.open({ file: join(dir, 'store.sqlite') });
}, 60_000);
afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
  await cloud?.close();
});

function desktop() {
  const session = createSessionService({ store: createMemorySessionStore(), login: cloudLogin, join: cloudJoin });
  let synced = 0;
  const caller = router({
    cloud: createCloudRouter({
      session,
      afterChange: async () => {
        synced += 1;
      },
      pendingBandChanges: (eventId) => store.pendingBandChanges(eventId),
    }),
    orgs: createOrgsRouter({ session, afterChange: async () => {} }),
  }).createCaller({});
  return { session, caller, synced: () => synced };
}

describe('the desktop session against a real cloud', () => {
  test('signs in, keeps the token out of what the renderer sees, and calls the cloud with it', async () => {
    const { session, caller } = desktop();
    const view = await session.signIn({
      cloudUrl: `${cloud.url}/`,
      email: cloud.demo.email,
      password: cloud.demo.password,
    });
    expect(view).toEqual({ cloudUrl: cloud.url, email: cloud.demo.email });
    expect(JSON.stringify(await session.current())).not.toContain((await session.require()).token);
    const me = await caller.cloud.me();
    expect(me.orgs.map((o) => o.id)).toContain(cloud.demo.orgId);
  });

  test('an owner invites with a link; the invitee joins from it with a new account and is signed in as a member', async () => {
    const owner = desktop();
    await owner.session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    const email = `joiner-${Date.now()}@example.test`;
    const invitation = await owner.caller.orgs.invite({ orgId: cloud.demo.orgId, email, role: 'VIEWER' });
    expect(invitation).not.toHaveProperty('token');
    const link = parseInvitationLink(invitation.link);
    expect(link?.cloudUrl).toBe(cloud.url);

    const invitee = desktop();
    const view = await invitee.session.join({ ...link!, name: 'New Joiner', password: 'a long enough password' });
    expect(view).toEqual({ cloudUrl: cloud.url, email });
    const me = await invitee.caller.cloud.me();
    expect(me.orgs).toContainEqual(expect.objectContaining({ id: cloud.demo.orgId, role: 'VIEWER' }));
    // The link works once.
    await expect(
      desktop().session.join({ ...link!, name: 'Second', password: 'a long enough password' }),
    ).rejects.toMatchObject({ code: expect.any(String) });
  });

  test('an invitee who has an account joins from the link with that account’s password', async () => {
    const owner = desktop();
    await owner.session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    const member = await cloud.newUser('Has an account');
    const invitation = await owner.caller.orgs.invite({ orgId: cloud.demo.orgId, email: member.email, role: 'EDITOR' });
    const link = parseInvitationLink(invitation.link)!;
    const invitee = desktop();
    await expect(
      invitee.session.join({ ...link, name: 'Anyone', password: 'not their password' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(invitee.session.join({ ...link, name: 'Anyone', password: member.password })).resolves.toEqual({
      cloudUrl: cloud.url,
      email: member.email,
    });
    const me = await invitee.caller.cloud.me();
    expect(me.orgs).toContainEqual(expect.objectContaining({ id: cloud.demo.orgId, role: 'EDITOR' }));
  });

  test('reports wrong credentials as INVALID_CREDENTIALS and keeps no session', async () => {
    const { session } = desktop();
    await expect(
      session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: 'not the password' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await session.current()).toBeNull();
  });

  test('says the cloud is unreachable, not that the password is wrong', async () => {
    const { session } = desktop();
    await expect(
      session.signIn({ cloudUrl: 'http://127.0.0.1:9', email: cloud.demo.email, password: cloud.demo.password }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  test('creates an event in the cloud, then asks for a sync', async () => {
    const { session, caller, synced } = desktop();
    await session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    const event = await caller.cloud.createEvent({
      orgId: cloud.demo.orgId,
      name: 'Proxy Test Night',
      timezone: 'Europe/Lisbon',
      fallbackUrl: 'https://proxy.example/info',
    });
    expect(event.name).toBe('Proxy Test Night');
    expect(synced()).toBe(1);
    const listed = await cloud.client.events.get.query({ orgId: cloud.demo.orgId, eventId: event.id });
    expect(listed.timezone).toBe('Europe/Lisbon');
  });

  test('deletes an event with bands only when the count confirmed is the cloud’s, then asks for a sync', async () => {
    const { session, caller, synced } = desktop();
    await session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    const event = await cloud.newEvent('Doomed Night');
    await cloud.owner.bands.register({ orgId: cloud.demo.orgId, eventId: event.id });
    await cloud.owner.bands.register({ orgId: cloud.demo.orgId, eventId: event.id });
    const scope = { orgId: cloud.demo.orgId, eventId: event.id };
    // The dialog showed one band (the desk had not synced the second): nothing is deleted, the desk syncs.
    await expect(caller.cloud.deleteEvent({ ...scope, bands: 1 })).rejects.toMatchObject({
      cause: { code: 'EVENT_HAS_BANDS' },
    });
    expect(synced()).toBe(1);
    expect((await cloud.client.events.get.query(scope)).bandCount).toBe(2);
    expect(await caller.cloud.deleteEvent({ ...scope, bands: 2 })).toEqual({ deleted: true, bandsDeleted: 2 });
    expect(synced()).toBe(2);
    await expect(cloud.client.events.get.query(scope)).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });

  test('refuses to delete an event while this desk has band changes for it not pushed yet', async () => {
    const { session, caller, synced } = desktop();
    await session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    const event = await cloud.newEvent('Busy Night');
    const other = await cloud.newEvent('Quiet Night');
    const scope = { orgId: cloud.demo.orgId, eventId: event.id };
    const bandId = mintBandId(orgBandTag(cloud.demo.orgId), (n) => Buffer.alloc(n, 7));
    // Registered here offline, then its attendee changed: both wait in the outbox.
    await store.mutate('band.register', {
      bandId,
      uid: '04AABBCCDDEEFF',
      eventId: event.id,
      stationId: 'desk-1',
      registeredAt: '2026-07-01T10:00:00.000Z',
    });
    await store.mutate('band.setAttendee', { bandId, attendee: { name: 'Ada' } });
    expect(await store.pendingBandChanges(event.id)).toBe(2);
    expect(await store.pendingBandChanges(other.id)).toBe(0);
    await expect(caller.cloud.deleteEvent({ ...scope, bands: 0 })).rejects.toMatchObject({
      cause: { code: 'UNSYNCED_CHANGES' },
    });
    expect(synced()).toBe(1);
    expect((await cloud.client.events.get.query(scope)).bandCount).toBe(0);
    // Another event's delete is not held up by them.
    await expect(caller.cloud.deleteEvent({ orgId: cloud.demo.orgId, eventId: other.id, bands: 0 })).resolves.toEqual({
      deleted: true,
      bandsDeleted: 0,
    });
    // Moved to another event, the band shows that one here; its move still holds up the old event's delete.
    const later = await cloud.newEvent('Late Night');
    await store.mutate('band.reassign', { bandId, eventId: later.id });
    expect(await store.pendingBandChanges(event.id)).toBe(2);
  });

  test('refuses cloud calls before sign-in', async () => {
    const { caller } = desktop();
    await expect(caller.cloud.me()).rejects.toMatchObject({ cause: { code: 'UNAUTHENTICATED' } });
  });

  test('keeps the cloud’s error code for a refused change', async () => {
    const { session, caller } = desktop();
    await session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
    await expect(
      caller.cloud.bands.disable({ orgId: cloud.demo.orgId, bandId: 'AAAAAAAAAAAAAAAA' }),
    ).rejects.toMatchObject({ cause: { code: 'NOT_FOUND' } });
  });
});
