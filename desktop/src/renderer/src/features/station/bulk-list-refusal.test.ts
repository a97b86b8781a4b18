import type { BandListError } from '@sparkmotion/shared/bands/band-csv';
import { beforeAll, describe, expect, test } from 'vitest';
import { i18n, initI18n } from '../../i18n/i18n.ts';
import { bulkListErrorsOf, bulkListErrorWords } from './bulk-list-refusal.ts';

beforeAll(() => initI18n('en'));

const say = (language: 'en' | 'de', error: BandListError) =>
  bulkListErrorWords(i18n.getFixedT(language), error, (n) => new Intl.NumberFormat(language).format(n));

/** One refusal of each problem the list parser names: a new problem fails the type check here until it has words. */
const refusals = {
  UNREADABLE: { problem: 'UNREADABLE', line: 1, message: 'line 1: Quote Not Closed' },
  NOT_A_BAND_ID: { problem: 'NOT_A_BAND_ID', line: 2, value: 'nope', message: '' },
  REPEATS: { problem: 'REPEATS', line: 1002, bandId: 'AAAAAAAAAAAAAAAA', repeatsLine: 1001, message: '' },
  EMPTY: { problem: 'EMPTY', message: 'the list holds no band ids' },
} satisfies { [P in BandListError['problem']]: BandListError & { problem: P } };

describe('a refused bulk list in the desk’s words', () => {
  test.each(
    (['en', 'de'] as const).flatMap((language) =>
      Object.values(refusals).map((r) => [r.problem, language, r] as const),
    ),
  )('%s has words in %s', (_problem, language, refusal) => {
    expect(say(language, refusal)).not.toMatch(/^bulkList\.|\{\{/);
  });

  test('names the line and the value, numbers in the desk’s locale', () => {
    expect(say('en', refusals.NOT_A_BAND_ID)).toBe('Line 2: “nope” is not a band id');
    expect(say('de', refusals.REPEATS)).toBe('Zeile 1.002: AAAAAAAAAAAAAAAA wiederholt Zeile 1.001');
  });

  test('takes the lines of a refused list from the error, wherever the link put them, and nothing else', () => {
    const lines = [refusals.NOT_A_BAND_ID];
    expect(bulkListErrorsOf({ data: { code: 'BAD_INPUT', details: { errors: lines } } })).toEqual(lines);
    expect(bulkListErrorsOf({ cause: { data: { code: 'BAD_INPUT', details: { errors: lines } } } })).toEqual(lines);
    expect(bulkListErrorsOf({ data: { code: 'BAD_INPUT', details: { errors: ['line 2: bad'] } } })).toBeNull();
    expect(bulkListErrorsOf({ data: { code: 'CONFLICT', details: { errors: lines } } })).toBeNull();
    expect(bulkListErrorsOf(null)).toBeNull();
  });
});
