import { describe, expect, test } from 'vitest';
import { readCsv, writeCsv } from './csv.ts';

describe('the product CSV dialect', () => {
  test('reads quoted commas, doubled quotes, line breaks in cells, a BOM and CRLF, with each row’s line', () => {
    const text = '\uFEFFname,note\r\n"Doe, Jane","say ""hi"""\r\n\r\n"two\nlines",x\r\nlast,y';
    expect(readCsv(text)).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['Doe, Jane', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'x'] },
      { line: 6, cells: ['last', 'y'] },
    ]);
  });

  test('writes text cells that a spreadsheet would run as formulas inert, and reads them back as they were', () => {
    const rows = [{ ua: '=HYPERLINK("https://evil.test","x")', name: '@SUM(A1:A2)', n: -3, ok: 'fine' }];
    const csv = writeCsv(rows, { header: true, columns: ['ua', 'name', 'n', 'ok'] });
    expect(csv).toBe(`ua,name,n,ok\n"'=HYPERLINK(""https://evil.test"",""x"")",'@SUM(A1:A2),-3,fine\n`);
    expect(readCsv(csv)[1]!.cells).toEqual(['=HYPERLINK("https://evil.test","x")', '@SUM(A1:A2)', '-3', 'fine']);
  });

  test('throws on quoting it cannot read', () => {
    expect(() => readCsv('a\n"unterminated\n')).toThrow();
  });
});
