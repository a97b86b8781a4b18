import { describe, expect, test } from 'vitest';
import { createTrustPolicyGuard, type TrustPolicyGuard } from './trust-policy.ts';

const band = { bandId: 'AbCdEfGhIjKlMnOp', trust: 'NTAG21X_MIRROR' as const, uid: '04a1b2c3d4e5f6' };
const q = (query: string) => new URLSearchParams(query);

describe('the FALLBACK policy guard picks the page before answering', () => {
  test('sends nothing to the fallback under the SAME_PAGE policy or for bands without tap trust', () => {
    const guard = createTrustPolicyGuard();
    expect(guard.divert('SAME_PAGE', band, q(''))).toBe(false);
    expect(guard.divert(undefined, band, q(''))).toBe(false);
    expect(guard.divert('FALLBACK', { ...band, trust: 'NONE' }, q(''))).toBe(false);
  });

  test.each([
    ['no mirror', ''],
    ['the placeholder', 'm=00000000000000x000000'],
    ['a malformed mirror', 'm=zz'],
    ['another UID', 'm=04998877665544x000001'],
  ])('diverts a copy: %s', (_case, query) => {
    expect(createTrustPolicyGuard().divert('FALLBACK', band, q(query))).toBe(true);
  });

  test('serves a moving counter and diverts the same URL opened again', () => {
    const guard = createTrustPolicyGuard();
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000001'))).toBe(false);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000002'))).toBe(false);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000002'))).toBe(true);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000001'))).toBe(true);
  });

  test('a forged counter far ahead is diverted and does not divert the real band after it', () => {
    const guard = createTrustPolicyGuard();
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000001'))).toBe(false);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6xFFFFFF'))).toBe(true);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000002'))).toBe(false);
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000003'))).toBe(false);
  });

  test('a band forgotten (its counter reset, or every band after missed resets) is served again', () => {
    for (const forget of [(g: TrustPolicyGuard) => g.forget(band.bandId), (g: TrustPolicyGuard) => g.forgetAll()]) {
      const guard = createTrustPolicyGuard();
      expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000009'))).toBe(false);
      expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000002'))).toBe(true);
      forget(guard);
      expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000002'))).toBe(false);
    }
  });

  test('forgets the oldest band past its bound', () => {
    const guard = createTrustPolicyGuard({ maxBands: 1 });
    guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000005'));
    guard.divert('FALLBACK', { ...band, bandId: 'other' }, q('m=04A1B2C3D4E5F6x000001'));
    expect(guard.divert('FALLBACK', band, q('m=04A1B2C3D4E5F6x000005'))).toBe(false);
  });
});
