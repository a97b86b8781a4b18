import { describe, expect, test } from 'vitest';
import { HttpUrl } from '../schemas/common.schema.ts';
import { asciiHref, isHeaderSafeUrl, sendableUrl } from './ascii-href.ts';

describe('asciiHref', () => {
  test.each([
    ['a non-Latin-1 path', 'https://example.com/日本', 'https://example.com/%E6%97%A5%E6%9C%AC'],
    ['a Latin-1 path', 'https://example.com/café', 'https://example.com/caf%C3%A9'],
    ['an internationalized host', 'https://bücher.example/x', 'https://xn--bcher-kva.example/x'],
    ['a query with spaces and non-ASCII', 'https://example.com/?q=a b&n=ü', 'https://example.com/?q=a%20b&n=%C3%BC'],
    ['an ASCII URL', 'https://example.com/live?x=1', 'https://example.com/live?x=1'],
  ])('gives the ASCII form of %s', (_name, url, href) => {
    expect(asciiHref(url)).toBe(href);
    expect(isHeaderSafeUrl(href)).toBe(true);
  });

  test.each(['not a url', 'https://exa mple.com/', ''])('refuses %j', (url) => {
    expect(asciiHref(url)).toBeNull();
  });
});

describe('sendableUrl', () => {
  test.each([
    ['a header-safe URL as given', 'https://example.com/live?x=1', 'https://example.com/live?x=1'],
    [
      'a non-ASCII URL in its ASCII form',
      'https://bücher.example/日本',
      'https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC',
    ],
    ['nothing for a URL no normalizing makes sendable', 'https://exa mple.com/日本', null],
  ])('gives %s', (_name, url, sendable) => {
    expect(sendableUrl(url)).toBe(sendable);
  });
});

describe('HttpUrl', () => {
  test('stores a window URL in its ASCII form', () => {
    expect(HttpUrl.parse('https://example.com/日本')).toBe('https://example.com/%E6%97%A5%E6%9C%AC');
  });

  test('measures the limit on the ASCII form (what is stored and sent)', () => {
    expect(HttpUrl.safeParse(`https://example.com/${'日'.repeat(300)}`).success).toBe(false);
    expect(HttpUrl.safeParse(`https://example.com/${'a'.repeat(1900)}`).success).toBe(true);
  });

  test.each(['javascript:alert(1)', 'ftp://example.com/', 'https://exa mple.com/'])('refuses %j', (url) => {
    expect(HttpUrl.safeParse(url).success).toBe(false);
  });
});
