import { describe, expect, test } from 'vitest';
import { previewCsv } from './csv-preview.ts';

describe('previewCsv', () => {
  test('splits the header from the rows and counts every row', () => {
    const preview = previewCsv('uid,attendeeName\r\n04A1B2C3D4E5F6,"Doe, Jane"\r\n04A1B2C3D4E5F7,"Say ""hi"""\r\n', 1);
    expect(preview.header).toEqual(['uid', 'attendeeName']);
    expect(preview.rows).toEqual([['04A1B2C3D4E5F6', 'Doe, Jane']]);
    expect(preview.total).toBe(2);
  });

  test('ignores blank lines and a missing final newline', () => {
    expect(previewCsv('bandId\n\nabc\n\ndef')).toEqual({ header: ['bandId'], rows: [['abc'], ['def']], total: 2 });
  });

  test('shows nothing for an empty file', () => {
    expect(previewCsv('')).toEqual({ header: [], rows: [], total: 0 });
  });
});
