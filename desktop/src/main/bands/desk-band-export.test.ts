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
      'bandId,uid,status,stationId,registeredAt\nabc,04A1B2C3D4E5F6,ACTIVE,desk-1,2026-06-13T16:00:00.000Z\ndef,,LOST,,\n',
    );
  });

  test('quotes values holding commas, quotes or line breaks', () => {
    const csv = deskBandsToCsv([
      { bandId: 'a', uid: null, status: 'ACTIVE', stationId: 'desk "A", left', registeredAt: null },
    ]);
    expect(csv.split('\n')[1]).toBe('a,,ACTIVE,"desk ""A"", left",');
  });

  test('writes a reader name that a spreadsheet would run as a formula inert, and it reads back as it was', () => {
    const stationId = '=HYPERLINK("https://evil.test","open")';
    const csv = deskBandsToCsv([{ bandId: 'a', uid: null, status: 'ACTIVE', stationId, registeredAt: null }]);
    expect(csv.split('\n')[1]).toBe(`a,,ACTIVE,"'=HYPERLINK(""https://evil.test"",""open"")",`);
    expect(readCsv(csv)[1]!.cells[3]).toBe(stationId);
  });
});
