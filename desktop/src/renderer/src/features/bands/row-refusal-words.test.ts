import { beforeAll, describe, expect, test } from 'vitest';
import { i18n, initI18n } from '../../i18n/i18n.ts';
import { type RowRefusal, rowRefusalWords } from './row-refusal-words.ts';

beforeAll(() => initI18n('en'));

const message = 'the English message';
const say = (language: 'en' | 'de', refusal: Omit<RowRefusal, 'line' | 'message'>) =>
  rowRefusalWords(i18n.getFixedT(language), { line: 3, message, ...refusal }, (n) =>
    new Intl.NumberFormat(language).format(n),
  );

describe('a refused import row in the desk’s words', () => {
  test.each([
    [
      'the values that break their rule',
      { code: 'BAD_INPUT', problem: { kind: 'INVALID', columns: ['bandId', 'attendeeEmail'] } },
      'bandId is not a band id; attendeeEmail is not an email address',
      'bandId ist keine Armband-ID; attendeeEmail ist keine E-Mail-Adresse',
    ],
    [
      'the columns it does not know',
      { problem: { kind: 'UNKNOWN_COLUMNS', columns: ['color', 'size'] } },
      'unknown columns: color, size',
      'unbekannte Spalten: color, size',
    ],
    [
      'a bandId that repeats another line',
      { code: 'BAND_ALREADY_REGISTERED', column: 'bandId', repeats: 1234 },
      'bandId repeats line 1,234',
      'bandId wiederholt Zeile 1.234',
    ],
    [
      'a tag UID that is another band’s',
      { code: 'BAND_ALREADY_REGISTERED', column: 'uid' },
      'this uid is another band’s tag already',
      'diese uid ist bereits das Tag eines anderen Armbands',
    ],
    [
      'a band id of another organization',
      { code: 'BAND_ID_FOREIGN', column: 'bandId' },
      'This band id was made for another organization, so it cannot be used here. Use ids made for your organization.',
      'Diese Armband-ID wurde für eine andere Organisation erzeugt und kann hier nicht verwendet werden. Bitte IDs Ihrer Organisation verwenden.',
    ],
  ] satisfies [string, Omit<RowRefusal, 'line' | 'message'>, string, string][])(
    'says %s in English and German',
    (_case, refusal, english, german) => {
      expect(say('en', refusal)).toBe(english);
      expect(say('de', refusal)).toBe(german);
    },
  );

  test('falls back to the English message for a refusal it has no words for', () => {
    expect(say('de', { code: 'CONFLICT' })).toBe(message);
  });
});
