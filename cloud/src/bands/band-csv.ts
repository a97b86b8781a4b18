/**
 * The band CSV format, both ways (docs/csv.md). Import: the shared schema (`shared/src/bands/band-csv.ts`,
 * which the desk's preview and bulk lists use too). Export adds `status, registeredAt, replacedBy, url`.
 */
import { parseBandCsv as parseRows } from '@sparkmotion/shared/bands/band-csv';
import { writeCsv } from '@sparkmotion/shared/csv/csv';
import type { BandView } from './band.view.ts';
import type { BandDraft, RowError } from './band-registration.ts';

export interface ParsedCsv {
  drafts: BandDraft[];
  /** CSV line of each draft (1 = the header), for error messages. */
  lines: number[];
  errors: RowError[];
}

/** Parses and validates; `row` in errors is the CSV line number (the header is line 1). */
export function parseBandCsv(csv: string): ParsedCsv {
  const { drafts, lines, errors } = parseRows(csv);
  return {
    drafts,
    lines,
    errors: errors.map((e) => ({ row: e.line, code: 'BAD_INPUT', message: e.message, problem: e.problem })),
  };
}

export function bandsToCsv(bands: readonly BandView[], hubBaseUrl: string): string {
  return writeCsv(
    bands.map((b) => ({
      bandId: b.bandId,
      uid: b.uid ?? '',
      status: b.status,
      registeredAt: b.registeredAt,
      attendeeName: b.attendee?.name ?? '',
      attendeeEmail: b.attendee?.email ?? '',
      ticketCode: b.attendee?.ticketCode ?? '',
      replacedBy: b.replacedBy ?? '',
      url: `${hubBaseUrl}/e?bandId=${b.bandId}`,
    })),
    {
      header: true,
      columns: [
        'bandId',
        'uid',
        'status',
        'registeredAt',
        'attendeeName',
        'attendeeEmail',
        'ticketCode',
        'replacedBy',
        'url',
      ],
    },
  );
}
