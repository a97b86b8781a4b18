import { describe, expect, test } from 'vitest';
import { bandsToCsv } from './bands-csv.ts';

describe('bandsToCsv', () => {
  test('writes a header and one line per band, empty cells for unknown values', () => {
    const csv = bandsToCsv([
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
      'bandId,uid,status,stationId,registeredAt\r\nabc,04A1B2C3D4E5F6,ACTIVE,desk-1,2026-06-13T16:00:00.000Z\r\ndef,,LOST,,\r\n',
    );
  });

  test('quotes values holding commas, quotes or line breaks', () => {
    const csv = bandsToCsv([
      { bandId: 'a', uid: null, status: 'ACTIVE', stationId: 'desk "A", left', registeredAt: null },
    ]);
    expect(csv.split('\r\n')[1]).toBe('a,,ACTIVE,"desk ""A"", left",');
  });
});
