import { describe, expect, test } from 'vitest';
import { matchesSearch } from './matches-search.ts';

describe('matchesSearch', () => {
  test.each([
    ['an empty search', '  ', ['Harbour Lights'], true],
    ['a piece of a field, in any case', 'harb', ['Harbour Lights'], true],
    ['words found in different fields', 'lights paris', ['Harbour Lights', 'Europe/Paris'], true],
    ['accents ignored', 'zurich', ['Open Air Zürich'], true],
    ['a word found nowhere', 'harbour berlin', ['Harbour Lights', 'Europe/Paris'], false],
    ['missing fields', 'ada', [null, undefined], false],
  ] as const)('%s', (_name, query, fields, expected) => {
    expect(matchesSearch(query, fields)).toBe(expected);
  });
});
