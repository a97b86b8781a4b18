import { describe, expect, test } from 'vitest';
import { applyIpPrivacy, countryOf, enrich } from './enrich.ts';

describe('IP privacy', () => {
  test.each([
    ['203.0.113.77', 'FULL', '203.0.113.77'],
    ['203.0.113.77', 'ANONYMIZED', '203.0.113.0'],
    ['203.0.113.77', 'NONE', null],
    ['::ffff:203.0.113.77', 'ANONYMIZED', '203.0.113.0'],
    ['2001:db8:85a3:1234:5678:8a2e:370:7334', 'ANONYMIZED', '2001:db8:85a3::'],
    ['2001:db8::1', 'ANONYMIZED', '2001:db8:0::'],
    ['2001:db8::1', 'FULL', '2001:db8::1'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', 'ANONYMIZED', 'ffff:ffff:ffff::'],
    [`fe80::1%${'x'.repeat(60)}`, 'ANONYMIZED', 'fe80:0:0::'],
    [`fe80::1%${'x'.repeat(60)}`, 'FULL', `fe80::1%${'x'.repeat(60)}`],
    ['not an ip', 'FULL', null],
  ] as const)('%s stored as %s is %s, the first time and from memory', (ip, mode, stored) => {
    expect(applyIpPrivacy(ip, mode)).toBe(stored);
    expect(applyIpPrivacy(ip, mode)).toBe(stored);
  });

  test("remembers each mode's answer apart", () => {
    expect(applyIpPrivacy('198.51.100.9', 'ANONYMIZED')).toBe('198.51.100.0');
    expect(applyIpPrivacy('198.51.100.9', 'FULL')).toBe('198.51.100.9');
    expect(applyIpPrivacy('198.51.100.9', 'NONE')).toBeNull();
    expect(applyIpPrivacy('198.51.100.9', 'ANONYMIZED')).toBe('198.51.100.0');
  });

  test('still answers right once more IPs have been seen than it remembers', () => {
    for (let i = 0; i < 25_000; i++) {
      const ip = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
      expect(applyIpPrivacy(ip, 'ANONYMIZED')).toBe(`10.${i >> 16}.${(i >> 8) & 255}.0`);
    }
    expect(applyIpPrivacy('10.0.0.7', 'ANONYMIZED')).toBe('10.0.0.0');
  });
});

describe('enrichment', () => {
  test('reads device, OS and browser from a phone user agent', () => {
    const result = enrich(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      '81.2.69.160',
    );
    expect(result).toEqual({ deviceType: 'mobile', os: 'iOS', browser: 'Mobile Safari', country: 'GB', isBot: false });
  });

  test('marks a preview fetcher as a bot', () => {
    expect(enrich('WhatsApp/2.23.20.0 A', '8.8.8.8')).toMatchObject({ deviceType: 'bot', isBot: true, country: 'US' });
  });

  test('finds no country for private or IPv6 addresses', () => {
    expect(countryOf('127.0.0.1')).toBeNull();
    expect(countryOf('2001:db8::1')).toBeNull();
  });
});
