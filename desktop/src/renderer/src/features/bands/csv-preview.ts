/**
 * A first look at a CSV before it is sent: header and rows split on commas with RFC 4180 quotes. The cloud
 * parses it again for real and answers with row-level errors; this only shows what is about to go.
 */
export function previewCsv(text: string, maxRows = 10): { header: string[]; rows: string[][]; total: number } {
  const lines = parseCsv(text).filter((cells) => cells.some((cell) => cell.trim() !== ''));
  const [header = [], ...rows] = lines;
  return { header, rows: rows.slice(0, maxRows), total: rows.length };
}

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}
