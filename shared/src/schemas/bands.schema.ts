import { z } from 'zod';
import { BandIdSchema, BandStatus, CleanText, Email, Id, Instant, OrgScoped, Paging, TagUid } from './common.schema.ts';

/** Bands one request may register: `registerMany` and a CSV import alike. */
export const MAX_BANDS_PER_REQUEST = 5000;

/**
 * Non-empty lines after the header, counted without splitting the text (an upper bound on the rows: a
 * quoted field spanning lines counts each of its lines). Stops counting past the limit.
 */
function dataLines(csv: string): number {
  let lines = 0;
  for (let start = 0; start < csv.length && lines <= MAX_BANDS_PER_REQUEST + 1; ) {
    let end = csv.indexOf('\n', start);
    if (end === -1) end = csv.length;
    if (csv.slice(start, end).trim() !== '') lines++;
    start = end + 1;
  }
  return Math.max(0, lines - 1);
}

export const Attendee = z.object({
  name: CleanText.trim().min(1).max(200).nullish(),
  email: Email.nullish(),
  ticketCode: CleanText.trim().min(1).max(100).nullish(),
});
export type Attendee = z.infer<typeof Attendee>;

export const BandFields = z.object({
  /** Minted by the caller (a desk mints offline); the server mints one when absent. */
  bandId: BandIdSchema.optional(),
  uid: TagUid.nullish(),
  stationId: CleanText.trim().min(1).max(64).nullish(),
  registeredAt: Instant.optional(),
  attendee: Attendee.nullish(),
});

export const BandRegisterInput = OrgScoped.extend({ eventId: Id }).extend(BandFields.shape);
export const BandRegisterManyInput = OrgScoped.extend({
  eventId: Id,
  bands: z.array(BandFields).min(1).max(MAX_BANDS_PER_REQUEST),
});
/** Fresh ids for bands to encode elsewhere (a bulk list), the same kind a desk mints offline. */
export const MAX_MINTED_IDS = 1000;
export const BandMintIdsInput = OrgScoped.extend({ count: z.number().int().min(1).max(MAX_MINTED_IDS) });
export const BandListInput = OrgScoped.extend(Paging.shape).extend({
  eventId: Id.optional(),
  status: BandStatus.optional(),
  /** Matches a bandId or tag UID exactly, or an attendee's name, email (not for a VIEWER) or ticket code in part. */
  search: CleanText.trim().min(1).max(200).optional(),
});
export const BandRef = OrgScoped.extend({ bandId: BandIdSchema });
export const BandSetAttendeeInput = BandRef.extend({ attendee: Attendee.nullable() });
export const BandRestoreInput = BandRef.extend({
  /**
   * Restores the band even when its replacement carries a tag already: that replacement is disabled (it stops
   * working) in the same change. Without it such a restore is refused, since the attendee may wear it.
   */
  retireReplacement: z.boolean().default(false),
});
export const BandReplaceInput = BandRef.extend({
  /** The replacement's public id (minted by the server when absent) and tag UID. */
  newBandId: BandIdSchema.optional(),
  newUid: TagUid.nullish(),
  stationId: CleanText.trim().min(1).max(64).nullish(),
});
export const BandImportInput = OrgScoped.extend({
  eventId: Id,
  /** CSV with a header row: bandId, uid, attendeeName, attendeeEmail, ticketCode (every column optional). */
  csv: z
    .string()
    .min(1)
    .max(2_000_000, 'CSV too large (2 MB at most)')
    .refine((csv) => dataLines(csv) <= MAX_BANDS_PER_REQUEST, {
      message: `At most ${MAX_BANDS_PER_REQUEST.toLocaleString('en')} rows per import (as registerMany): split the file`,
    }),
});
export const BandExportInput = OrgScoped.extend({ eventId: Id });
