import { describe, expect, test } from 'vitest';
import { parseBandList } from './band-list.ts';

const A = 'AAAAAAAAAAAAAAAA';
const B = 'AAAAAAAAAAAAAAAB';

describe('bulk band lists', () => {
  test.each([
    ['one id per line', `${A}\n${B}\n`, [A, B]],
    ['a header and CRLF', `bandId\r\n${A}\r\n${B}`, [A, B]],
    ['the bandId column of a wider file', `name,bandId\nann,"${A}"\nbob,${B}`, [A, B]],
    ['blank lines', `\n${A}\n\n${B}\n\n`, [A, B]],
  ])('reads %s in order', (_case, csv, expected) => {
    expect(parseBandList(csv)).toEqual({ ok: true, bandIds: expected });
  });

  test('reports every bad or repeated id with its line', () => {
    expect(parseBandList(`${A}\nnope\n${A}`)).toEqual({
      ok: false,
      errors: ['line 2: "nope" is not a band id', `line 3: ${A} repeats line 1`],
    });
  });

  test('refuses an empty list', () => {
    expect(parseBandList('bandId\n')).toEqual({ ok: false, errors: ['the list holds no band ids'] });
  });
});
