import { parse } from 'csv-parse/sync';
import { type Options as StringifyOptions, stringify } from 'csv-stringify/sync';
import { neutraliseFormula, restoreFormula } from './formula-guard.ts';

/**
 * The one CSV dialect of the product, read and written with the maintained csv-parse / csv-stringify:
 * RFC 4180 quoting, LF or CRLF, an optional BOM. Text cells are written through the formula guard and
 * read back through its inverse (formula-guard.ts).
 */

export type CsvRow = {
  /** Line of the file where the row starts (1 = the first line). */ line: number;
  cells: string[];
};

/** Rows of a CSV file, blank lines skipped and cells trimmed. Throws csv-parse's error on broken quoting. */
export function readCsv(text: string): CsvRow[] {
  const records = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return records.map(({ record, info }) => {
    // csv-parse counts the line a row ends on; a quoted cell may span lines.
    const spanned = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return { line: info.lines - spanned, cells: record.map(restoreFormula) };
  });
}

/** CSV text of `records`, every text cell neutralised against spreadsheet formulas. */
export function writeCsv(records: readonly unknown[], options: StringifyOptions): string {
  return stringify(records as unknown[], { ...options, cast: { ...options.cast, string: neutraliseFormula } });
}
