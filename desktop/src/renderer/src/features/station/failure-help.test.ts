import { describe, expect, test } from 'vitest';
import { de } from '../../i18n/de.ts';
import { en } from '../../i18n/en.ts';
import { hasFailureHelp } from './failure-help.ts';

describe('failure help on the station screen', () => {
  test('tells staff, in both languages, that a write-protected tag cannot be re-encoded here', () => {
    expect(hasFailureHelp('TAG_PROTECTED')).toBe(true);
    expect(en.station.help.TAG_PROTECTED.text).toMatch(/another organization or app; it cannot be re-encoded here/);
    expect(de.station.help.TAG_PROTECTED.title).not.toBe('');
  });

  test.each([
    ['no failure', null],
    ['a failure a second tap settles', 'TAG_REMOVED'],
    ['the overwrite confirmation, which has its own buttons', 'NEEDS_OVERWRITE_CONFIRMATION'],
    ['an unknown code', 'SOMETHING_NEW'],
  ])('adds nothing for %s', (_name, code) => {
    expect(hasFailureHelp(code)).toBe(false);
  });
});
