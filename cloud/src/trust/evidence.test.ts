import { describe, expect, test } from 'vitest';
import { MAX_EVIDENCE, trustEvidence } from './evidence.ts';

describe('trustEvidence keeps only the tap-trust parameters of a tap URL', () => {
  test.each([
    ['a plain band URL', '/e?bandId=AbCdEfGhIjKlMnOp', undefined],
    ['the path form without a query', '/e/AbCdEfGhIjKlMnOp', undefined],
    ['a mirror', '/e?bandId=AbCdEfGhIjKlMnOp&m=04112233445566x00002A', 'm=04112233445566x00002A'],
    ['the path form with a mirror', '/e/AbCdEfGhIjKlMnOp?m=04112233445566x00002A', 'm=04112233445566x00002A'],
    ['a SUN message', '/e?bandId=X&picc=AB&cmac=CD&utm=1', 'picc=AB&cmac=CD'],
    ['a SUN message as NXP’s examples name it', '/e?bandId=X&picc_data=EF96&cmac=94EE', 'picc=EF96&cmac=94EE'],
    ['both names of PICCData at once', '/e?bandId=X&picc=AB&picc_data=EF&cmac=CD', 'picc=AB&picc=EF&cmac=CD'],
    ['a repeated m', '/e?bandId=X&m=1&m=2', 'm=1&m=2'],
    ['an empty m', '/e?bandId=X&m=', 'm='],
    ['other parameters ending in m', '/e?bandId=X&utm=1&form=2', undefined],
    ['broken percent-encoding', '/e?bandId=X&m=%E0%A4%A', 'm=%EF%BF%BD%25A'],
  ])('%s', (_case, url, expected) => {
    expect(trustEvidence(url)).toBe(expected);
  });

  test('cuts an oversized value', () => {
    expect(trustEvidence(`/e?bandId=X&m=${'A'.repeat(1000)}`)).toHaveLength(MAX_EVIDENCE);
  });
});
