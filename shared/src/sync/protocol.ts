/**
 * The wire format of sync, Replicache-style: a client id plus a per-client mutation id that grows by
 * one per mutation gives exactly-once on the server; server row versions (one global sequence) are
 * the pull cursor; deletions travel as tombstones.
 */
import { z } from 'zod';
import { DeskAttendees } from '../bands/attendee-privacy.ts';
import { ErrorCode } from '../errors.ts';
import { CleanText } from '../schemas/common.schema.ts';

export const MAX_PUSH_BATCH = 1000;
export const MAX_PULL_PAGE = 5000;

export const ClientId = z.uuid();

export const PushedMutation = z.object({
  mutationId: z.number().int().positive(),
  name: CleanText.min(1).max(64),
  /** Parsed per mutation by its name's schema (mutations.ts): a bad one is rejected alone, never the push. */
  args: z.unknown(),
});
export type PushedMutation = z.infer<typeof PushedMutation>;

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: z.array(PushedMutation).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What became of one mutation. `applied`: as sent. `transformed`: applied, but the server changed
 * what it wrote (the pull brings the final rows). `rejected`: nothing written; `code`/`message` say
 * why, for the UI. A replayed mutation gets the outcome it got the first time.
 */
export const MutationResult = z.discriminatedUnion('status', [
  z.object({ mutationId: z.number().int(), status: z.literal('applied') }),
  z.object({ mutationId: z.number().int(), status: z.literal('transformed'), message: z.string() }),
  z.object({ mutationId: z.number().int(), status: z.literal('rejected'), code: ErrorCode, message: z.string() }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  /** The highest mutation id of this client the server has processed (applied, transformed or rejected). */
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(MutationResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** Opaque to the client: the server's row version it has seen plus a fingerprint of the orgs it saw. */
export const Cursor = z.string().max(200);

export const PullRequest = z.object({
  clientId: ClientId,
  cursor: Cursor.nullable(),
  limit: z.number().int().positive().max(MAX_PULL_PAGE).default(MAX_PULL_PAGE),
});
export type PullRequest = z.input<typeof PullRequest>;

export const SyncEntity = z.enum(['organization', 'event', 'window', 'band']);
export type SyncEntity = z.infer<typeof SyncEntity>;

export const OrganizationRow = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string(),
  /** What this desk may hold of attendees (attendee-privacy.ts): the rule, capped by the role; absent from older clouds. */
  attendees: DeskAttendees.optional(),
});
const AttendeeRow = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  ticketCode: z.string().nullable(),
});
export const EventRow = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  fallbackUrl: z.string(),
  overrideMode: z.enum(['PRE', 'LIVE', 'POST']).nullable(),
});
export const WindowRow = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  kind: z.enum(['PRE', 'LIVE', 'POST']),
  url: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export const BandRow = z.object({
  /** The server's own row id (tombstones name it); null for a band only registered locally. */
  id: z.uuid().nullable(),
  bandId: z.string(),
  uid: z.string().nullable(),
  eventId: z.uuid(),
  status: z.string(),
  stationId: z.string().nullable(),
  registeredAt: z.string().nullable(),
  /** How the band proves its taps (NONE, NTAG21X_MIRROR, NTAG424_SUN); absent from older clouds. */
  trust: z.string().nullable().optional(),
  /** The bandId of the band that replaced this (LOST) one; absent from older clouds. */
  replacedBy: z.string().nullable().optional(),
  /** The version of the organization's secret the band was written with (null: unknown, i.e. 1); absent from older clouds. */
  secretVersion: z.number().int().nullable().optional(),
  /** The attendee linked to it, as much as this desk may hold; null for none, absent from older clouds. */
  attendee: AttendeeRow.nullable().optional(),
});
export type OrganizationRow = z.infer<typeof OrganizationRow>;
export type EventRow = z.infer<typeof EventRow>;
export type WindowRow = z.infer<typeof WindowRow>;
export type BandRow = z.infer<typeof BandRow>;

export const Change = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('organization'), id: z.string(), version: z.string(), row: OrganizationRow }),
  z.object({ entity: z.literal('event'), id: z.string(), version: z.string(), row: EventRow }),
  z.object({ entity: z.literal('window'), id: z.string(), version: z.string(), row: WindowRow }),
  z.object({ entity: z.literal('band'), id: z.string(), version: z.string(), row: BandRow }),
]);
export type Change = z.infer<typeof Change>;

export const Tombstone = z.object({ entity: SyncEntity, id: z.string(), version: z.string() });
export type Tombstone = z.infer<typeof Tombstone>;

export const PullResponse = z.object({
  /** When true the client must drop its replica first: the cursor was unknown or the visible orgs changed. */
  reset: z.boolean(),
  changes: z.array(Change),
  tombstones: z.array(Tombstone),
  cursor: Cursor,
  hasMore: z.boolean(),
  /** This client's last processed mutation id, read in the same snapshot as the changes. */
  lastMutationId: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof PullResponse>;
