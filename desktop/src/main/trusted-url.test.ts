import { describe, expect, test } from 'vitest';
import { isTrustedUrl } from './trusted-url.ts';

describe('isTrustedUrl for the packaged app origin', () => {
  const base = 'app://console/';

  test.each([
    ['the index page', 'app://console/index.html'],
    ['an asset with a query and hash', 'app://console/assets/index.js?v=1#top'],
  ])('trusts %s', (_name, url) => {
    expect(isTrustedUrl(url, base)).toBe(true);
  });

  test.each([
    ['a subdomain look-alike', 'app://console.evil.test/index.html'],
    ['credentials before the host', 'app://console@evil.test/index.html'],
    ['a user named like the host', 'app://console:x@console/index.html'],
    ['another host with our name in the path', 'app://evil.test/console/index.html'],
    ['the same host over http', 'http://console/index.html'],
    ['a file URL', 'file:///app/console/index.html'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<h1>console</h1>'],
    ['an explicit port', 'app://console:8080/index.html'],
    ['garbage', 'not a url'],
    ['an empty string', ''],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedUrl(url, base)).toBe(false);
  });
});

describe('isTrustedUrl for the browser-mode host on loopback', () => {
  const base = 'http://127.0.0.1:4100/';

  test('trusts a page of the host', () => {
    expect(isTrustedUrl('http://127.0.0.1:4100/bands?x=1', base)).toBe(true);
  });

  test.each([
    ['another port', 'http://127.0.0.1:4101/'],
    ['localhost instead of the address', 'http://localhost:4100/'],
    ['https instead of http', 'https://127.0.0.1:4100/'],
    ['credentials that look like the host', 'http://127.0.0.1:4100@evil.test/'],
    ['the address as a subdomain', 'http://127.0.0.1.evil.test:4100/'],
    ['a decimal-encoded address that is not loopback', 'http://2130706434:4100/'],
  ])('refuses %s', (_name, url) => {
    expect(isTrustedUrl(url, base)).toBe(false);
  });

  test('refuses everything when the base itself does not parse', () => {
    expect(isTrustedUrl('http://127.0.0.1:4100/', 'nonsense')).toBe(false);
  });
});
