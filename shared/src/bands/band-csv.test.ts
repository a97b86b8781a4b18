import { describe, expect, test } from 'vitest';
import { parseBandCsv, parseBandList, previewBandCsv } from './band-csv.ts';

const A = 'AAAAAAAAAAAAAAAA';
const B = 'AAAAAAAAAAAAAAAB';

describe('bulk band lists', () => {
  test.each([
    ['one id per line', `${A}\n${B}\n`, [A, B]],
    ['a header and CRLF', `bandId\r\n${A}\r\n${B}`, [A, B]],
    ['the bandId column of a wider file', `name,bandId\nann,"${A}"\nbob,${B}`, [A, B]],
    ['blank lines', `\n${A}\n\n${B}\n\n`, [A, B]],
    ['a quoted comma in another column', `name,bandId\n"Smith, Ann",${A}\n"Doe, Bob","${B}"`, [A, B]],
  ])('reads %s in order', (_case, csv, expected) => {
    expect(parseBandList(csv)).toEqual({ ok: true, bandIds: expected });
  });

  test('reports every bad or repeated id with its line', () => {
    expect(parseBandList(`${A}\nnope\n${A}`)).toEqual({
      ok: false,
      errors: [
        { problem: 'NOT_A_BAND_ID', line: 2, value: 'nope', message: 'line 2: "nope" is not a band id' },
        { problem: 'REPEATS', line: 3, bandId: A, repeatsLine: 1, message: `line 3: ${A} repeats line 1` },
      ],
    });
  });

  test('refuses an empty list, and a file CSV cannot read', () => {
    expect(parseBandList('bandId\n')).toEqual({
      ok: false,
      errors: [{ problem: 'EMPTY', message: 'the list holds no band ids' }],
    });
    expect(parseBandList('"open')).toMatchObject({ ok: false, errors: [{ problem: 'UNREADABLE', line: 1 }] });
  });
});

describe('band import CSV', () => {
  test.each([
    [
      'the columns whose values break their rule, once each',
      'bandId,uid,attendeeEmail\nnope,ZZ,x\n',
      2,
      { kind: 'INVALID', columns: ['bandId', 'uid', 'attendeeEmail'] },
    ],
    [
      'a missing uid for a band with a trust kind',
      'bandId,trust\n,NTAG424_SUN\n',
      2,
      { kind: 'INVALID', columns: ['uid'] },
    ],
    ['columns it does not know', 'bandId,color,size\n', 1, { kind: 'UNKNOWN_COLUMNS', columns: ['color', 'size'] }],
  ])('names as data %s', (_case, csv, line, problem) => {
    expect(parseBandCsv(csv).errors).toEqual([{ line, message: expect.any(String), problem }]);
  });

  test('reads a quoted comma, an apostrophe-guarded formula and its line, as the cloud will', () => {
    const parsed = parseBandCsv(`bandId,attendeeName,ticketCode\n\n${A},"Smith, Ann",'=1+1\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.drafts).toEqual([
      { bandId: A, uid: null, attendee: { name: 'Smith, Ann', email: null, ticketCode: '=1+1' } },
    ]);
    expect(parsed.lines).toEqual([3]);
  });

  test('previews the header, the first rows with their lines, the count and every row at fault', () => {
    const csv = 'uid,attendeeName\r\n04A1B2C3D4E5F6,"Doe, Jane"\r\nnot-a-uid,"Say ""hi"""\r\n04A1B2C3D4E5F7,Bo\r\n';
    const preview = previewBandCsv(csv, 1);
    expect(preview.header).toEqual(['uid', 'attendeeName']);
    expect(preview.rows).toEqual([{ line: 2, cells: ['04A1B2C3D4E5F6', 'Doe, Jane'] }]);
    expect(preview.total).toBe(3);
    expect(preview.errors).toEqual([
      { line: 3, message: expect.stringContaining('uid'), problem: { kind: 'INVALID', columns: ['uid'] } },
    ]);
  });

  test('previews nothing for an empty file, and a broken one as one error', () => {
    expect(previewBandCsv('')).toEqual({ header: [], rows: [], total: 0, errors: [] });
    expect(previewBandCsv('bandId\n"open').errors).toEqual([
      { line: 1, message: expect.any(String), problem: { kind: 'UNREADABLE' } },
    ]);
  });
});
