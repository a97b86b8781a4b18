import { z } from 'zod';
import { BandIdSchema, BandStatus, Email, Id, Instant, OrgScoped, Paging, TagUid } from './common.schema.ts';

export const Attendee = z.object({
  name: z.string().trim().min(1).max(200).nullish(),
  email: Email.nullish(),
  ticketCode: z.string().trim().min(1).max(100).nullish(),
});
export type Attendee = z.infer<typeof Attendee>;

export const BandFields = z.object({
  /** Minted by the caller (a desk mints offline); the server mints one when absent. */
  bandId: BandIdSchema.optional(),
  uid: TagUid.nullish(),
  stationId: z.string().trim().min(1).max(64).nullish(),
  registeredAt: Instant.optional(),
  attendee: Attendee.nullish(),
});

export const BandRegisterInput = OrgScoped.extend({ eventId: Id }).extend(BandFields.shape);
export const BandRegisterManyInput = OrgScoped.extend({
  eventId: Id,
  bands: z.array(BandFields).min(1).max(5000),
});
export const BandListInput = OrgScoped.extend(Paging.shape).extend({
  eventId: Id.optional(),
  status: BandStatus.optional(),
  /** Matches a bandId or tag UID exactly, or an attendee's name, email or ticket code in part. */
  search: z.string().trim().min(1).max(200).optional(),
});
export const BandRef = OrgScoped.extend({ bandId: BandIdSchema });
export const BandSetAttendeeInput = BandRef.extend({ attendee: Attendee.nullable() });
export const BandReplaceInput = BandRef.extend({
  /** The replacement's public id (minted by the server when absent) and tag UID. */
  newBandId: BandIdSchema.optional(),
  newUid: TagUid.nullish(),
  stationId: z.string().trim().min(1).max(64).nullish(),
});
export const BandImportInput = OrgScoped.extend({
  eventId: Id,
  /** CSV with a header row: bandId, uid, attendeeName, attendeeEmail, ticketCode (every column optional). */
  csv: z.string().min(1).max(5_000_000),
});
export const BandExportInput = OrgScoped.extend({ eventId: Id });
