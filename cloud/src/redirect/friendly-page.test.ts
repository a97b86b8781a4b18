import { describe, expect, test } from 'vitest';
import { brandedUnavailablePage, UNAVAILABLE_PAGE } from './friendly-page.ts';

describe('friendly pages', () => {
  test('the branded page shows the name escaped, the colours and a logo that sends no referrer', () => {
    const html = brandedUnavailablePage({
      name: '<script>alert("x")</script> & Co',
      logoUrl: 'https://cdn.example/logo.png?a=1&b="2"',
      primaryColor: '#1a7f5a',
    });
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('color:#1a7f5a');
    expect(html).toContain(
      'src="https://cdn.example/logo.png?a=1&amp;b=&quot;2&quot;" alt="" referrerpolicy="no-referrer"',
    );
  });

  test('stored branding that fails the schema is not drawn at all', () => {
    expect(brandedUnavailablePage({ primaryColor: 'red}</style><script>alert(1)</script>' })).toBe(UNAVAILABLE_PAGE);
    expect(brandedUnavailablePage({ logoUrl: 'javascript:alert(1)' })).toBe(UNAVAILABLE_PAGE);
  });
});
