import { describe, expect, test } from 'vitest';
import { Branding, brandingOf } from './branding.ts';

const issuePaths = (value: unknown) => (Branding.safeParse(value).error?.issues ?? []).map((i) => i.path.join('.'));

describe('branding', () => {
  test('a name, an https logo and hex colours are accepted', () => {
    const branding = {
      name: 'Festival Co',
      logoUrl: 'https://cdn.example/logo.svg',
      primaryColor: '#1a7f5a',
      backgroundColor: '#fff',
    };
    expect(Branding.parse(branding)).toEqual(branding);
  });

  test('a colour that could break out of the style sheet is refused at its field', () => {
    expect(issuePaths({ primaryColor: 'red;}</style><script>alert(1)</script>' })).toEqual(['primaryColor']);
    expect(issuePaths({ backgroundColor: 'url(https://x.example/)' })).toEqual(['backgroundColor']);
  });

  test('a logo that is not an https address is refused at its field', () => {
    for (const logoUrl of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'http://x.example/a.png',
      'https://user:pw@x.example/a.png',
    ]) {
      expect(issuePaths({ logoUrl })).toEqual(['logoUrl']);
    }
  });

  test('fields the pages do not know are refused, and stored free-form branding is ignored', () => {
    expect(Branding.safeParse({ css: 'body{}' }).success).toBe(false);
    expect(brandingOf({ color: '#ff0' })).toBeNull();
    expect(brandingOf({ name: 'Ok' })).toEqual({ name: 'Ok' });
  });
});
