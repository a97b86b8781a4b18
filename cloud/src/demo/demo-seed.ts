/**
 * The demo a newcomer lands in: an organization, its OWNER, an event live now (PRE / LIVE / POST windows
 * around the start time) and a handful of bands. Idempotent: a second start keeps the data and only moves
 * the demo event's windows around "now" again when none is live any more, so the demo tap URL stays live.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { hashPassword, SERVER_LANE } from '../auth/passwords.ts';
import { User } from '../auth/user.entity.ts';
import { Band } from '../bands/band.entity.ts';
import { Event } from '../events/event.entity.ts';
import { EventWindow } from '../events/event-window.entity.ts';
import { OrgUser } from '../orgs/org-user.entity.ts';
import { Organization } from '../orgs/organization.entity.ts';

export const DEMO = {
  orgSlug: 'demo',
  orgName: 'Demo Festival Co.',
  email: 'demo@sparkmotion.dev',
  password: 'sparkmotion-demo',
  userName: 'Demo Owner',
  eventName: 'Demo Festival',
  bandCount: 5,
} as const;

export interface DemoInfo {
  orgId: string;
  userId: string;
  eventId: string;
  email: string;
  password: string;
  bandIds: string[];
}

const HOUR = 3600_000;

export async function seedDemo(em: EntityManager, now: Date): Promise<DemoInfo> {
  const existing = await em.findOne(Organization, { slug: DEMO.orgSlug });
  if (existing) return refreshDemo(em, existing.id, now);

  return em.transactional(async (tx) => {
    const org = tx.create(Organization, { name: DEMO.orgName, slug: DEMO.orgSlug, branding: {} });
    const user =
      (await tx.findOne(User, { email: DEMO.email })) ??
      tx.create(User, {
        email: DEMO.email,
        name: DEMO.userName,
        passwordHash: await hashPassword(DEMO.password, SERVER_LANE),
      });
    tx.create(OrgUser, { org: org.id, user: user.id, role: 'OWNER' });
    const event = tx.create(Event, {
      org: org.id,
      name: DEMO.eventName,
      timezone: 'Europe/Berlin',
      fallbackUrl: 'https://example.com/sparkmotion/fallback',
      status: 'ACTIVE',
      overrideMode: null,
    });
    createWindows(tx, org.id, event.id, now);
    const bandIds = Array.from({ length: DEMO.bandCount }, () => mintBandId(orgBandTag(org.id), (n) => randomBytes(n)));
    for (const bandId of bandIds) {
      tx.create(Band, { org: org.id, event: event.id, bandId, registeredAt: now, registeredBy: user.id });
    }
    return { orgId: org.id, userId: user.id, eventId: event.id, email: DEMO.email, password: DEMO.password, bandIds };
  });
}

function createWindows(em: EntityManager, orgId: string, eventId: string, now: Date): void {
  const t = now.getTime();
  const base = 'https://example.com/sparkmotion';
  em.create(EventWindow, {
    org: orgId,
    event: eventId,
    kind: 'PRE',
    url: `${base}/pre`,
    startsAt: new Date(t - 24 * HOUR),
    endsAt: new Date(t - HOUR),
  });
  em.create(EventWindow, {
    org: orgId,
    event: eventId,
    kind: 'LIVE',
    url: `${base}/live`,
    startsAt: new Date(t - HOUR),
    endsAt: new Date(t + 12 * HOUR),
  });
  em.create(EventWindow, {
    org: orgId,
    event: eventId,
    kind: 'POST',
    url: `${base}/post`,
    startsAt: new Date(t + 12 * HOUR),
    endsAt: new Date(t + 14 * 24 * HOUR),
  });
}

async function refreshDemo(em: EntityManager, orgId: string, now: Date): Promise<DemoInfo> {
  const user = await em.findOne(User, { email: DEMO.email });
  // The organizer may have renamed or deleted the demo event since: take the org's oldest, or make a new one.
  const event =
    (await em.findOne(Event, { org: orgId }, { orderBy: { createdAt: 'asc' } })) ??
    (await em.transactional(async (tx) => {
      const created = tx.create(Event, {
        org: orgId,
        name: DEMO.eventName,
        timezone: 'Europe/Berlin',
        fallbackUrl: 'https://example.com/sparkmotion/fallback',
        status: 'ACTIVE',
        overrideMode: null,
      });
      for (let i = 0; i < DEMO.bandCount; i++) {
        tx.create(Band, {
          org: orgId,
          event: created.id,
          bandId: mintBandId(orgBandTag(orgId), (n) => randomBytes(n)),
          registeredAt: now,
        });
      }
      return created;
    }));
  const live = await em.count(EventWindow, {
    event: event.id,
    kind: 'LIVE',
    startsAt: { $lte: now },
    endsAt: { $gt: now },
  });
  if (!live) {
    await em.transactional(async (tx) => {
      await tx.nativeDelete(EventWindow, { event: event.id });
      createWindows(tx, orgId, event.id, now);
    });
  }
  const bands = await em.find(
    Band,
    { event: event.id, status: 'ACTIVE' },
    { orderBy: { createdAt: 'asc' }, limit: 10 },
  );
  return {
    orgId,
    userId: user?.id ?? '',
    eventId: event.id,
    email: DEMO.email,
    password: DEMO.password,
    bandIds: bands.map((b) => b.bandId),
  };
}
