import { describe, expect, test } from 'vitest';
import { neutraliseFormula, restoreFormula } from './formula-guard.ts';

describe('the spreadsheet formula guard', () => {
  test.each([
    ['=HYPERLINK("https://evil.test","click")', `'=HYPERLINK("https://evil.test","click")`],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+1-555-0100', "'+1-555-0100"],
    ['-2+3', "'-2+3"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ["'=1", "''=1"],
  ])('makes %j inert with a leading apostrophe', (cell, written) => {
    expect(neutraliseFormula(cell)).toBe(written);
  });

  test.each(['Ann', '', 'a=b', "O'Brien", "'quoted'", '2026-07-01T12:00:00.000Z', ' =1'])(
    'leaves %j as it is',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(cell);
    },
  );

  test.each(['=HYPERLINK("x")', '@SUM(1)', "'=1", "''@x", "'", "''", "'a", 'plain', '', "'-"])(
    'gives %j back to a reader who knows the rule',
    (cell) => {
      expect(restoreFormula(neutraliseFormula(cell))).toBe(cell);
    },
  );
});
