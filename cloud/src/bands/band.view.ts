/** What the API shows of a band: an explicit selection, read with one query (band + attendee + history). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { attendeeForDesk, attendeesInCloudFor } from '@sparkmotion/shared/bands/attendee-privacy';
import type { BandStatus, OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { cursorInstant } from '../db/cursor.ts';

export interface BandRow {
  id: string;
  band_id: string;
  uid: string | null;
  event_id: string;
  status: BandStatus;
  registered_at: Date;
  registered_by_id: string | null;
  station_id: string | null;
  trust: string;
  created_at: Date;
  /** `created_at` to the microsecond, the list's page key. */
  cursor_at: string;
  replaced_by_band_id: string | null;
  replaces_band_id: string | null;
  attendee_name: string | null;
  attendee_email: string | null;
  attendee_ticket_code: string | null;
}

export const BAND_SELECT = `
select b.id, b.band_id, b.uid, b.event_id, b.status, b.registered_at, b.registered_by_id, b.station_id, b.trust, b.created_at,
       ${cursorInstant('b.created_at')} as cursor_at,
       r.band_id as replaced_by_band_id,
       (select p.band_id from bands p where p.replaced_by_id = b.id limit 1) as replaces_band_id,
       a.name as attendee_name, a.email as attendee_email, a.ticket_code as attendee_ticket_code
  from bands b
  left join bands r on r.id = b.replaced_by_id
  left join band_attendees a on a.band_id = b.id`;

/** A band as a member of `role` sees it: a VIEWER without the attendee's email (`attendeesInCloudFor`). */
export const bandView = (row: BandRow, role: OrgRole) => ({
  id: row.id,
  bandId: row.band_id,
  uid: row.uid,
  eventId: row.event_id,
  status: row.status,
  registeredAt: new Date(row.registered_at).toISOString(),
  registeredBy: row.registered_by_id,
  stationId: row.station_id,
  /** How the band proves its taps: NONE, NTAG21X_MIRROR or NTAG424_SUN (docs/tap-trust.md). */
  trust: row.trust,
  /** The band that replaced this one (when LOST and replaced). */
  replacedBy: row.replaced_by_band_id,
  /** The band this one replaced. */
  replaces: row.replaces_band_id,
  attendee: attendeeForDesk(
    { name: row.attendee_name, email: row.attendee_email, ticketCode: row.attendee_ticket_code },
    attendeesInCloudFor(role),
  ),
});
export type BandView = ReturnType<typeof bandView>;

/** One band of the org by its public id, or null. */
export async function findBandView(
  em: EntityManager,
  orgId: string,
  bandId: string,
  role: OrgRole,
): Promise<BandView | null> {
  const rows = await em
    .getConnection()
    .execute<BandRow[]>(`${BAND_SELECT} where b.org_id = ? and b.band_id = ?`, [orgId, bandId]);
  return rows[0] ? bandView(rows[0], role) : null;
}
