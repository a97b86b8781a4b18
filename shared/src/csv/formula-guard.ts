/**
 * Spreadsheet formulas in CSV cells (OWASP "CSV injection"): Excel, LibreOffice and Google Sheets run a
 * cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula when the file is
 * opened, so text that came from outside — a tap's user agent, an attendee's name — could plant
 * `=HYPERLINK(…)` in an organizer's spreadsheet. Every CSV the product writes passes its text cells
 * through `neutraliseFormula`, which puts an apostrophe in front of such a cell: spreadsheets show it as
 * text.
 *
 * The rule, for a reader who wants the value back (`restoreFormula`, which every CSV the product reads
 * applies): a cell that is an apostrophe followed by what the guard escapes had that one apostrophe
 * added; drop it. The guard escapes a cell that starts with any number of apostrophes and then one of
 * those characters, so a value that itself starts with `'=` also survives the trip unchanged.
 */
const ESCAPED = /^'*[=+\-@\t\r]/;

export const neutraliseFormula = (cell: string): string => (ESCAPED.test(cell) ? `'${cell}` : cell);

export const restoreFormula = (cell: string): string =>
  cell.startsWith("'") && ESCAPED.test(cell.slice(1)) ? cell.slice(1) : cell;
