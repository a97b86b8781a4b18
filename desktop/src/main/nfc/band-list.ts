import { isBandId } from '@sparkmotion/shared/bands/band-id';

export type BandListParse = { ok: true; bandIds: string[] } | { ok: false; errors: string[] };

/**
 * A bulk-encoding list from CSV: the bandId is the first column (or the column headed `bandId`); an
 * optional header row, blank lines and surrounding quotes are accepted. Every bad or repeated id is
 * reported with its line, so staff fix the file before any tag is written.
 */
export function parseBandList(csv: string): BandListParse {
  const lines = csv.split(/\r?\n/);
  const errors: string[] = [];
  const bandIds: string[] = [];
  const seen = new Map<string, number>();
  let column = 0;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (bandIds.length === 0 && errors.length === 0 && cells.some((c) => c.toLowerCase() === 'bandid')) {
      column = cells.findIndex((c) => c.toLowerCase() === 'bandid');
      return;
    }
    const id = cells[column] ?? '';
    const lineNo = index + 1;
    if (!isBandId(id)) errors.push(`line ${lineNo}: "${id}" is not a band id`);
    else if (seen.has(id)) errors.push(`line ${lineNo}: ${id} repeats line ${seen.get(id)}`);
    else {
      seen.set(id, lineNo);
      bandIds.push(id);
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (bandIds.length === 0) return { ok: false, errors: ['the list holds no band ids'] };
  return { ok: true, bandIds };
}
