import { describe, expect, test } from 'vitest';
import { passwordAttempts } from './password-attempts.ts';

describe('the secret versions a desk tries on a protected band', () => {
  test.each([
    ['registered, then current, then older ones newest first', [1, 2, 3, 4], 4, 2, 0, [2, 4, 3, 1]],
    ['the current one first for a band the desk does not know', [1, 2, 3], 3, null, 0, [3, 2, 1]],
    ['no version twice when the band is on the current one', [1, 2], 2, 2, 0, [2, 1]],
    ['only versions the desk holds', [2, 3], 3, 1, 0, [3, 2]],
    ['one attempt on a tag with an AUTHLIM (not one of ours)', [1, 2], 2, 1, 3, [1]],
    ['one attempt on such a tag the desk does not know: the current version', [1, 2], 2, null, 7, [2]],
  ])('%s', (_name, held, current, registered, authLimit, expected) => {
    expect(passwordAttempts({ held, current, registered, authLimit })).toEqual(expected);
  });
});
