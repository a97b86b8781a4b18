import { describe, expect, test } from 'vitest';
import { bandsToCsv, parseBandCsv } from './band-csv.ts';

const ID = 'AAAAAAAAAAAAAAAA';

describe('parseBandCsv', () => {
  test('reads columns in any order, normalizes UIDs and emails, and skips blank lines', () => {
    const parsed = parseBandCsv(`\uFEFFuid,bandId,attendeeEmail\n04:a1:b2:c3:d4:e5:80,${ID},Ann@Example.com\n\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.drafts).toEqual([
      { bandId: ID, uid: '04A1B2C3D4E580', attendee: { name: null, email: 'ann@example.com', ticketCode: null } },
    ]);
    expect(parsed.lines).toEqual([2]);
  });

  test.each([
    ['a bad bandId', 'bandId\nshort\n', 2],
    ['a bad uid', 'uid\nXYZ\n', 2],
    ['a bad email on line 3', 'attendeeEmail\na@example.com\nnope\n', 3],
    ['an unknown column', 'bandId,color\n,red\n', 1],
    ['broken quoting', 'bandId\n"unterminated\n', 1],
  ])('reports %s with its line', (_case, csv, line) => {
    const parsed = parseBandCsv(csv);
    expect(parsed.errors.map((e) => e.row)).toEqual([line]);
  });
});

describe('bandsToCsv', () => {
  test('writes a header and quotes values that need it', () => {
    const csv = bandsToCsv(
      [
        {
          id: '1',
          bandId: ID,
          uid: null,
          eventId: 'e',
          status: 'LOST',
          registeredAt: '2027-01-01T00:00:00.000Z',
          registeredBy: null,
          stationId: null,
          trust: 'NONE',
          replacedBy: 'BBBBBBBBBBBBBBBB',
          replaces: null,
          attendee: { name: 'Doe, Jane', email: null, ticketCode: null },
        },
      ],
      'https://t.example.com',
    );
    expect(csv.split('\n')[1]).toBe(
      `${ID},,LOST,2027-01-01T00:00:00.000Z,"Doe, Jane",,,BBBBBBBBBBBBBBBB,https://t.example.com/e?bandId=${ID}`,
    );
  });
});
