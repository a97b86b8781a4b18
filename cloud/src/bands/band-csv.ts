/**
 * The band CSV format, both ways. Columns (header row, any order, every one optional):
 * `bandId, uid, attendeeName, attendeeEmail, ticketCode`. Export adds `status, registeredAt, replacedBy, url`.
 */
import { BandIdSchema, Email, TagUid } from '@sparkmotion/shared/schemas/common.schema';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { BandView } from './band.view.ts';
import type { BandDraft, RowError } from './band-registration.ts';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const CsvRow = z.object({
  bandId: optional(BandIdSchema),
  uid: optional(TagUid),
  attendeeName: optional(z.string().trim().max(200)),
  attendeeEmail: optional(Email),
  ticketCode: optional(z.string().trim().max(100)),
});

export const KNOWN_COLUMNS = Object.keys(CsvRow.shape);

export interface ParsedCsv {
  drafts: BandDraft[];
  /** CSV line of each draft (1 = the header), for error messages. */
  lines: number[];
  errors: RowError[];
}

/** Parses and validates; `row` in errors is the CSV line number (the header is line 1). */
export function parseBandCsv(csv: string): ParsedCsv {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    return { drafts: [], lines: [], errors: [{ row: 1, code: 'BAD_INPUT', message: (error as Error).message }] };
  }
  const drafts: BandDraft[] = [];
  const lines: number[] = [];
  const errors: RowError[] = [];
  const header = records.length ? Object.keys(records[0]!) : [];
  const unknown = header.filter((column) => !KNOWN_COLUMNS.includes(column));
  if (unknown.length) {
    errors.push({ row: 1, code: 'BAD_INPUT', message: `unknown columns: ${unknown.join(', ')}` });
    return { drafts, lines, errors };
  }
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = CsvRow.safeParse(record);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      errors.push({ row: line, code: 'BAD_INPUT', message });
      return;
    }
    const r = parsed.data;
    drafts.push({
      bandId: r.bandId,
      uid: r.uid ?? null,
      attendee:
        r.attendeeName || r.attendeeEmail || r.ticketCode
          ? { name: r.attendeeName ?? null, email: r.attendeeEmail ?? null, ticketCode: r.ticketCode ?? null }
          : null,
    });
    lines.push(line);
  });
  return { drafts, lines, errors };
}

export function bandsToCsv(bands: readonly BandView[], hubBaseUrl: string): string {
  return stringify(
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
