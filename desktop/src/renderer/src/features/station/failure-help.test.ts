import { describe, expect, test } from 'vitest';
import { failureHelp } from './failure-help.ts';

describe('failure help on the station screen', () => {
  test('tells staff a write-protected tag cannot be re-encoded here', () => {
    expect(failureHelp('TAG_PROTECTED')).toMatchObject({
      title: 'Write-protected tag',
      text: expect.stringMatching(/another organization or app; it cannot be re-encoded here/),
    });
  });

  test.each([
    ['no failure', null],
    ['a failure a second tap settles', 'TAG_REMOVED'],
    ['the overwrite confirmation, which has its own buttons', 'NEEDS_OVERWRITE_CONFIRMATION'],
    ['an unknown code', 'SOMETHING_NEW'],
  ])('adds nothing for %s', (_name, code) => {
    expect(failureHelp(code)).toBeNull();
  });
});
