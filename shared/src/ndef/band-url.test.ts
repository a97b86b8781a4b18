import { describe, expect, test } from 'vitest';
import { bandUrl, parseBandUrl } from './band-url.ts';

describe('band URLs', () => {
  test('puts the band id in the query of the hub URL', () => {
    expect(bandUrl('https://hub.example/', 'AAAAAAAAAAAAAAAB')).toBe('https://hub.example/e?bandId=AAAAAAAAAAAAAAAB');
    expect(() => bandUrl('https://hub.example', 'nope')).toThrow();
  });

  test.each([
    [
      'query form',
      'https://hub.example/e?bandId=AAAAAAAAAAAAAAAB',
      { bandId: 'AAAAAAAAAAAAAAAB', hubBaseUrl: 'https://hub.example' },
    ],
    [
      'path form under a prefix',
      'http://localhost:3000/x/e/AAAAAAAAAAAAAAAB',
      { bandId: 'AAAAAAAAAAAAAAAB', hubBaseUrl: 'http://localhost:3000/x' },
    ],
    ['a foreign URL', 'https://example.com/product/123', null],
    ['a bad band id', 'https://hub.example/e?bandId=short', null],
    ['not a URL', 'hello', null],
  ])('parses the %s', (_case, uri, expected) => {
    expect(parseBandUrl(uri)).toEqual(expected);
  });
});
