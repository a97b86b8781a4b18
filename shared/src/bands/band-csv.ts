/**
 * The band CSV files, both ways, as the cloud and the desk read and write them (docs/csv.md).
 * Import (a header row, columns in any order, every one optional): `bandId, uid, attendeeName,
 * attendeeEmail, ticketCode, trust, keyVersion` — `trust` (NONE, NTAG21X_MIRROR, NTAG424_SUN) for bands
 * whose tags prove their taps, e.g. NTAG 424 DNA bands personalised elsewhere, which need their `uid`;
 * `keyVersion`: the organization's master key version their keys derive from (default 1). The columns only
 * the exports write (`status, stationId, registeredAt, replacedBy, url`) are read past: a band imports ACTIVE.
 * A bulk-encoding list: the `bandId` column, or the first column without a header.
 */
import { z } from 'zod';
import { readCsv } from '../csv/csv.ts';
import type { Attendee } from '../schemas/bands.schema.ts';
import { BandIdSchema, CleanText, Email, TagUid } from '../schemas/common.schema.ts';
import { isBandId } from './band-id.ts';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** One row of a band import. */
export const BandCsvRow = z
  .object({
    bandId: optional(BandIdSchema),
    uid: optional(TagUid),
    attendeeName: optional(CleanText.trim().max(200)),
    attendeeEmail: optional(Email),
    ticketCode: optional(CleanText.trim().max(100)),
    trust: optional(z.enum(['NONE', 'NTAG21X_MIRROR', 'NTAG424_SUN'])),
    keyVersion: optional(z.coerce.number().int().min(1).max(255)),
  })
  // A band that proves its taps is judged against its UID: without one, any tag's proof would pass.
  .refine((r) => !r.trust || r.trust === 'NONE' || r.uid !== undefined, {
    path: ['uid'],
    message: 'a band with a trust kind needs its tag UID',
  });

/** A column of a band import. */
export type BandCsvColumn = keyof typeof BandCsvRow.shape;
export const BAND_CSV_COLUMNS = Object.keys(BandCsvRow.shape) as BandCsvColumn[];
/** Columns the product's band exports add, read past on import: an exported file imports as it is. */
const EXPORT_ONLY_COLUMNS = ['status', 'stationId', 'registeredAt', 'replacedBy', 'url'];

/** A band as an import row describes it. */
export type BandCsvDraft = {
  bandId: string | undefined;
  uid: string | null;
  attendee: Attendee | null;
  trust?: 'NONE' | 'NTAG21X_MIRROR' | 'NTAG424_SUN';
  secretVersion?: number;
};

/**
 * What is wrong with a band import, as data a console says in its own language: a file CSV cannot read,
 * columns it does not know, or the columns of one row whose values break their rule (`uid` also when a
 * trust kind comes without one).
 */
export type BandCsvProblem =
  | { kind: 'UNREADABLE' }
  | { kind: 'UNKNOWN_COLUMNS'; columns: string[] }
  | { kind: 'INVALID'; columns: BandCsvColumn[] };

/**
 * A problem of the file (`line` 1, the header) or of one row (`line` = where the row starts); `message`
 * says it in English, for the API and the logs.
 */
export type BandCsvError = { line: number; message: string; problem: BandCsvProblem };

export type ParsedBandCsv = {
  drafts: BandCsvDraft[];
  /** CSV line of each draft, for error messages. */
  lines: number[];
  errors: BandCsvError[];
};

/** Parses and validates a band import: every bad row is reported, with its line. */
export function parseBandCsv(csv: string): ParsedBandCsv {
  const parsed: ParsedBandCsv = { drafts: [], lines: [], errors: [] };
  const table = readTable(csv);
  if ('error' in table) return { ...parsed, errors: [table.error] };
  const [header, ...rows] = table.rows;
  if (!header) return parsed;
  const unknown = header.cells.filter(
    (column) => !BAND_CSV_COLUMNS.includes(column as BandCsvColumn) && !EXPORT_ONLY_COLUMNS.includes(column),
  );
  if (unknown.length) {
    const message = `unknown columns: ${unknown.join(', ')}`;
    return {
      ...parsed,
      errors: [{ line: header.line, message, problem: { kind: 'UNKNOWN_COLUMNS', columns: unknown } }],
    };
  }
  for (const { line, cells } of rows) {
    const row = BandCsvRow.safeParse(Object.fromEntries(header.cells.map((column, i) => [column, cells[i] ?? ''])));
    if (!row.success) {
      const { issues } = row.error;
      const message = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      const columns = [...new Set(issues.map((i) => i.path[0] as BandCsvColumn))];
      parsed.errors.push({ line, message, problem: { kind: 'INVALID', columns } });
      continue;
    }
    const r = row.data;
    parsed.drafts.push({
      bandId: r.bandId,
      uid: r.uid ?? null,
      attendee:
        r.attendeeName || r.attendeeEmail || r.ticketCode
          ? { name: r.attendeeName ?? null, email: r.attendeeEmail ?? null, ticketCode: r.ticketCode ?? null }
          : null,
      ...(r.trust ? { trust: r.trust } : {}),
      ...(r.keyVersion ? { secretVersion: r.keyVersion } : {}),
    });
    parsed.lines.push(line);
  }
  return parsed;
}

export type BandCsvPreview = {
  header: string[];
  /** The first rows as the file has them, with their lines. */
  rows: { line: number; cells: string[] }[];
  /** Rows in the file, header not counted. */
  total: number;
  /** Every problem of the file, as the import would report it. */
  errors: BandCsvError[];
};

/** What an import of `csv` is about to send: the header, the first `maxRows` rows and every row at fault. */
export function previewBandCsv(csv: string, maxRows = 10): BandCsvPreview {
  const table = readTable(csv);
  if ('error' in table) return { header: [], rows: [], total: 0, errors: [table.error] };
  const [header, ...rows] = table.rows;
  return {
    header: header?.cells ?? [],
    rows: rows.slice(0, maxRows),
    total: rows.length,
    errors: parseBandCsv(csv).errors,
  };
}

/**
 * A bulk list's problem, as data a console says in its own language (`message` says it in English): a line
 * that holds no band id, or one that repeats an earlier line, a file CSV cannot read, or no ids at all.
 */
export type BandListError = { message: string } & (
  | { problem: 'UNREADABLE'; line: number }
  | { problem: 'NOT_A_BAND_ID'; line: number; value: string }
  | { problem: 'REPEATS'; line: number; bandId: string; repeatsLine: number }
  | { problem: 'EMPTY' }
);

export type BandListParse = { ok: true; bandIds: string[] } | { ok: false; errors: BandListError[] };

/**
 * A bulk-encoding list: the bandId is the first column, or the column headed `bandId`. Every bad or
 * repeated id is reported with its line, so staff fix the file before any tag is written.
 */
export function parseBandList(csv: string): BandListParse {
  const table = readTable(csv);
  if ('error' in table) {
    const { line, message } = table.error;
    return { ok: false, errors: [{ problem: 'UNREADABLE', line, message: `line ${line}: ${message}` }] };
  }
  const errors: BandListError[] = [];
  const bandIds: string[] = [];
  const seen = new Map<string, number>();
  const headed = table.rows[0]?.cells.findIndex((cell) => cell.toLowerCase() === 'bandid') ?? -1;
  const rows = headed >= 0 ? table.rows.slice(1) : table.rows;
  const column = Math.max(headed, 0);
  for (const { line, cells } of rows) {
    const id = cells[column] ?? '';
    const repeatsLine = seen.get(id);
    if (!isBandId(id)) {
      errors.push({ problem: 'NOT_A_BAND_ID', line, value: id, message: `line ${line}: "${id}" is not a band id` });
    } else if (repeatsLine !== undefined) {
      const message = `line ${line}: ${id} repeats line ${repeatsLine}`;
      errors.push({ problem: 'REPEATS', line, bandId: id, repeatsLine, message });
    } else {
      seen.set(id, line);
      bandIds.push(id);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (bandIds.length === 0) return { ok: false, errors: [{ problem: 'EMPTY', message: 'the list holds no band ids' }] };
  return { ok: true, bandIds };
}

function readTable(csv: string): { rows: ReturnType<typeof readCsv> } | { error: BandCsvError } {
  try {
    return { rows: readCsv(csv) };
  } catch (error) {
    // A file csv-parse cannot read at all is the file's problem: line 1, csv-parse's message says where.
    return { error: { line: 1, message: (error as Error).message, problem: { kind: 'UNREADABLE' } } };
  }
}
