import { writeCsv } from '@sparkmotion/shared/csv/csv';

/** A band as this desk's store holds it, for the export. */
export type DeskBand = {
  bandId: string;
  uid?: string | null;
  status: string;
  stationId?: string | null;
  registeredAt?: string | null;
};

const COLUMNS = ['bandId', 'uid', 'status', 'stationId', 'registeredAt'];

/** The desk's band export (docs/csv.md): a header, one band per line, empty cells for unknown values. */
export function deskBandsToCsv(bands: readonly DeskBand[]): string {
  return writeCsv(bands, { header: true, columns: COLUMNS });
}
