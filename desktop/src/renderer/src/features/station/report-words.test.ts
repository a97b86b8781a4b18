import { FailureCode } from '@sparkmotion/shared/errors';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Outcome } from '../../../../main/nfc/nfc-events.ts';
import { i18n, initI18n } from '../../i18n/i18n.ts';
import type { StationReport } from '../../store/station-slice.ts';
import { reportWords } from './report-words.ts';

beforeAll(() => initI18n('en'));

const say = (language: 'en' | 'de', report: StationReport) => reportWords(i18n.getFixedT(language), report);
type Failure = Extract<Outcome, { ok: false }>;
const failed = (failure: Partial<Omit<Failure, 'code'>> & { code: string }): StationReport & { kind: 'FAILED' } => ({
  kind: 'FAILED',
  failure: { ok: false, message: 'The English message of the main process', uid: '04a1b2', ...failure } as Failure,
});

/** One report of each kind the slice makes: a new kind fails the type check here until it has words. */
const reports = {
  TAG: { kind: 'TAG', uid: '04a1b2' },
  ENCODED: { kind: 'ENCODED', bandId: 'Band0001', locked: true },
  REPLACED: { kind: 'REPLACED', bandId: 'Band0002', lostBandId: 'Band0001' },
  ALREADY_ENCODED: { kind: 'ALREADY_ENCODED', bandId: 'Band0001' },
  REASSIGNED: { kind: 'REASSIGNED', bandId: 'Band0001' },
  VERIFIED: { kind: 'VERIFIED', bandId: 'Band0001', eventId: '0123456789abcdef' },
  VERIFIED_TAG: { kind: 'VERIFIED_TAG', uid: '04a1b2', uri: null },
  FAILED: failed({ code: 'TAG_LOCKED' }),
} satisfies { [K in StationReport['kind']]: StationReport & { kind: K } };

/** Failures whose English message is kept for IT; any other shows it only for want of words. */
const FOR_IT: string[] = ['TAG_ERROR', 'REGISTRY_FAILED'];

/** Words, not a key i18next did not find, with every placeholder filled. */
function expectWords(text: string) {
  expect(text).not.toMatch(/^stationOutcome\.|\{\{/);
  expect(text.length).toBeGreaterThan(5);
}

describe('a station report in the desk’s words', () => {
  test.each(
    (['en', 'de'] as const).flatMap((language) => FailureCode.options.map((code) => [code, language] as const)),
  )('%s has words in %s', (code, language) => {
    expect(say(language, failed({ code })).details).toBe(
      FOR_IT.includes(code) ? 'The English message of the main process' : null,
    );
    expectWords(say(language, failed({ code })).text);
    expectWords(say(language, failed({ code, pendingBandId: 'Band0009', bandId: 'Band0009' })).text);
  });

  test.each(
    (['en', 'de'] as const).flatMap((language) => Object.values(reports).map((r) => [r.kind, language, r] as const)),
  )('%s has words in %s', (_kind, language, report) => {
    expectWords(say(language, report).text);
  });

  test.each([
    [
      'a written band, locked',
      reports.ENCODED,
      'Band Band0001 written and locked',
      'Armband Band0001 geschrieben und gesperrt',
    ],
    [
      'a band that is none of this desk',
      reports.VERIFIED_TAG,
      'Tag 04a1b2: no link — not a band of this desk',
      'Tag 04a1b2: kein Link — kein Armband dieses Tisches',
    ],
    [
      'a band it names',
      failed({ code: 'UNKNOWN_BAND', bandId: 'Band0007' }),
      'Band Band0007 is not known at this desk.',
      'Armband Band0007 ist an diesem Tisch nicht bekannt.',
    ],
    [
      'a band it does not name',
      failed({ code: 'UNKNOWN_BAND' }),
      'This band is not known at this desk.',
      'Dieses Armband ist an diesem Tisch nicht bekannt.',
    ],
    [
      'the band a tag holds',
      failed({ code: 'NEEDS_OVERWRITE_CONFIRMATION', existing: { bandId: 'Band0003', eventId: null, uri: null } }),
      'This tag already holds band Band0003.',
      'Auf diesem Tag ist schon Armband Band0003.',
    ],
  ])('says %s in English and German', (_case, report, english, german) => {
    expect(say('en', report).text).toBe(english);
    expect(say('de', report).text).toBe(german);
  });

  test('says when a band was left half-written', () => {
    const gone = failed({ code: 'READER_UNPLUGGED', pendingBandId: 'Band0009' });
    expect(say('en', gone).text).toContain('tag 04a1b2 is half-written');
    expect(say('en', failed({ code: 'READER_UNPLUGGED' })).text).toBe('The reader went away. Reconnect it.');
  });

  test('keeps the English message as details for IT only where it holds what IT needs', () => {
    expect(say('de', failed({ code: 'TAG_ERROR' })).details).toBe('The English message of the main process');
    expect(say('de', failed({ code: 'TAG_LOCKED' })).details).toBeNull();
    expect(say('de', failed({ code: 'A_CODE_WITH_NO_WORDS' }))).toEqual({
      text: 'Das hat nicht geklappt: siehe Details.',
      details: 'The English message of the main process',
    });
  });
});
