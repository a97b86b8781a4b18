import { ErrorCode, FailureCode } from '@sparkmotion/shared/errors';
import { describe, expect, test } from 'vitest';
import { errorsDe, errorsEn } from './errors.ts';

/** Codes whose own message names what is wrong (a field, the row, the thing taken): shown as they come. */
const SAID_BY_THEIR_MESSAGE = ['BAD_INPUT', 'CONFLICT', 'NOT_FOUND'];

describe('refusals in the desk’s words', () => {
  test('every code the cloud or the desk refuses with has words in both languages, or names itself', () => {
    const station = FailureCode.options.filter((code) => !(code in errorsEn)); // the Stations screen says these
    const unsaid = ErrorCode.options.filter(
      (code) => !(code in errorsEn) && !SAID_BY_THEIR_MESSAGE.includes(code) && !station.includes(code as never),
    );
    expect(unsaid).toEqual([]);
    expect(Object.keys(errorsDe).sort()).toEqual(Object.keys(errorsEn).sort());
  });
});
