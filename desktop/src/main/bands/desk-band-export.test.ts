import { parseBandCsv } from '@sparkmotion/shared/bands/band-csv';
import { readCsv } from '@sparkmotion/shared/csv/csv';
import { describe, expect, test } from 'vitest';
import { deskBandsToCsv } from './desk-band-export.ts';

describe("the desk's band export", () => {
  test('writes a header and one line per band, empty cells for unknown values', () => {
    const csv = deskBandsToCsv([
      {
        bandId: 'abc',
        uid: '04A1B2C3D4E5F6',
        status: 'ACTIVE',
        stationId: 'desk-1',
        registeredAt: '2026-06-13T16:00:00.000Z',
      },
      { bandId: 'def', uid: null, status: 'LOST', stationId: null, registeredAt: null },
    ]);
    expect(csv).toBe(
      'bandId,uid,status,stationId,registeredAt,attendeeName,attendeeEmail,ticketCode\nabc,04A1B2C3D4E5F6,ACTIVE,desk-1,2026-06-13T16:00:00.000Z,,,\ndef,,LOST,,,,,\n',
    );
  });

  test('quotes values holding commas, quotes or line breaks', () => {
    const csv = deskBandsToCsv([
      { bandId: 'a', uid: null, status: 'ACTIVE', stationId: 'desk "A", left', registeredAt: null },
    ]);
    expect(csv.split('\n')[1]).toBe('a,,ACTIVE,"desk ""A"", left",,,,');
  });

  test('writes a reader name that a spreadsheet would run as a formula inert, and it reads back as it was', () => {
    const stationId = '=HYPERLINK("https://evil.test","open")';
    const csv = deskBandsToCsv([{ bandId: 'a', uid: null, status: 'ACTIVE', stationId, registeredAt: null }]);
    expect(csv.split('\n')[1]).toBe(`a,,ACTIVE,"'=HYPERLINK(""https://evil.test"",""open"")",,,,`);
    expect(readCsv(csv)[1]!.cells[3]).toBe(stationId);
  });

  test("carries each band's attendee through the formula guard, and the file imports again as it was", async () => {
    const bandId = 'AAAAAAAAAAAAAAAB';
    const attendee = { name: '@SUM(1+1)*cmd|" /C calc"!A0', email: 'ann@example.com', ticketCode: '+T-1' };
    const csv = deskBandsToCsv([
      {
        bandId,
        uid: '04A1B2C3D4E5F6',
        status: 'ACTIVE',
        stationId: 'desk-1',
        registeredAt: null,
        attendeeName: attendee.name,
        attendeeEmail: attendee.email,
        ticketCode: attendee.ticketCode,
      },
      { bandId: 'AAAAAAAAAAAAAAAC', uid: null, status: 'ACTIVE', stationId: null, registeredAt: null },
    ]);
    expect(csv.split('\n')[1]).toContain(`"'@SUM(1+1)*cmd|"" /C calc""!A0",ann@example.com,'+T-1`);
    const imported = parseBandCsv(csv);
    expect(imported.errors).toEqual([]);
    expect(imported.drafts).toEqual([
      { bandId, uid: '04A1B2C3D4E5F6', attendee },
      { bandId: 'AAAAAAAAAAAAAAAC', uid: null, attendee: null },
    ]);
  });
});
