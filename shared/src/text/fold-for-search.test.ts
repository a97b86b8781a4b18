import { describe, expect, test } from 'vitest';
import { foldForSearch } from './fold-for-search.ts';

describe('foldForSearch', () => {
  test.each([
    ['accents dropped', 'Zürich', 'zurich'],
    ['upper case with accents', 'MÜLLER García', 'muller garcia'],
    ['a precomposed and a decomposed letter alike', 'Ame\u0301lie Amélie', 'amelie amelie'],
    ['letters without a decomposition kept', 'Straße Łódź', 'straße łodz'],
  ])('%s', (_name, text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });
});
