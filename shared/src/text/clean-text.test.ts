import { describe, expect, test } from 'vitest';
import { isCleanText } from './clean-text.ts';

describe('clean text', () => {
  test.each([
    ['a NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'x\ud800', false],
    ['a lone low surrogate', '\udfffy', false],
    ['a surrogate pair (an emoji)', 'band 🎉', true],
    ['accents and CJK', 'Zoë 日本', true],
    ['empty', '', true],
  ])('%s', (_name, value, clean) => {
    expect(isCleanText(value)).toBe(clean);
  });
});
