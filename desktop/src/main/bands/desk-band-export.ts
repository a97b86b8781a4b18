import { writeCsv } from '@sparkmotion/shared/csv/csv';

/** A band as this desk's store holds it, for the export. */
export type DeskBand = {
  bandId: string;
  uid?: string | null;
  status: string;
  stationId?: string | null;
  registeredAt?: string | null;
  /** As much of the attendee as this desk may hold. */
  attendeeName?: string | null;
  attendeeEmail?: string | null;
  ticketCode?: string | null;
};

/** The import's own column names for the attendee, so the file imports again (docs/csv.md). */
const COLUMNS = ['bandId', 'uid', 'status', 'stationId', 'registeredAt', 'attendeeName', 'attendeeEmail', 'ticketCode'];

/** The desk's band export (docs/csv.md): a header, one band per line, empty cells for unknown values. */
export function deskBandsToCsv(bands: readonly DeskBand[]): string {
  return writeCsv(bands, { header: true, columns: COLUMNS });
}
