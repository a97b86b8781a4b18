import { defineEntity, p } from '@mikro-orm/core';

/**
 * Replica of a band. `uid` is indexed but not unique: during a rebase a pending local registration
 * may briefly sit beside the server's winner until the server rejects it.
 */
export const BandSchema = defineEntity({
  name: 'LocalBand',
  tableName: 'band',
  properties: {
    bandId: p.string().primary(),
    /** The cloud's row id, known once pulled: band tombstones name it. */
    serverId: p.string().nullable().index(),
    uid: p.string().nullable().index(),
    eventId: p.string().index(),
    status: p.string(),
    stationId: p.string().nullable(),
    registeredAt: p.string().nullable(),
    /** How the band proves its taps, as its desk encoded it or the cloud says (null: not known here). */
    trust: p.string().nullable(),
    /** A LOST band's replacement (its bandId), once replaced here or pulled from the cloud. */
    replacedBy: p.string().nullable(),
    /** The version of the organization's secret the band was written with (null: not known here). */
    secretVersion: p.integer().nullable(),
    /** The linked attendee, as much as the organization lets this desk hold (shared `attendee-privacy.ts`). */
    attendeeName: p.string().nullable(),
    attendeeEmail: p.string().nullable(),
    attendeeTicketCode: p.string().nullable(),
    /** Name, email and ticket code folded (`foldForSearch`: lower case, no accents): what a search matches. */
    attendeeSearch: p.string().nullable(),
  },
});
export class LocalBand extends BandSchema.class {}
BandSchema.setClass(LocalBand);
