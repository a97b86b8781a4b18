import { describe, expect, test } from 'vitest';
import { de } from '../../i18n/de.ts';
import { en } from '../../i18n/en.ts';
import { hasFailureHelp } from './failure-help.ts';

describe('failure help on the station screen', () => {
  test('tells staff, in both languages, to sync and tap again a tag none of the desk’s secrets opens', () => {
    expect(hasFailureHelp('TAG_PROTECTED')).toBe(true);
    expect(en.station.help.TAG_PROTECTED.text).toMatch(/re-encoded it since this desk last synced/);
    expect(en.station.help.TAG_PROTECTED.text).toMatch(/Sync .*then tap it again/);
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
