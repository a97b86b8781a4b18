import { describe, expect, test } from 'vitest';
import { findUncleanText, isCleanText } from './clean-text.ts';

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

  test('finds the first unclean string at any depth, keys included', () => {
    expect(findUncleanText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual(['a', 1, 'c']);
    expect(findUncleanText({ 'k\ud800': 1 })).toEqual(['k\ud800']);
    expect(findUncleanText({ a: 1, b: [true, null, 'fine'] })).toBeNull();
  });
});
