import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BAND_ID_LENGTH, isBandId, mintBandId } from './band-id.ts';

describe('band ids', () => {
  test('are 16 URL-safe characters', () => {
    const id = mintBandId((n) => randomBytes(n));
    expect(id).toHaveLength(BAND_ID_LENGTH);
    expect(isBandId(id)).toBe(true);
    expect(encodeURIComponent(id)).toBe(id);
  });

  test('encode all 96 random bits, so different bytes give different ids', () => {
    expect(mintBandId(() => new Uint8Array(12))).toBe('AAAAAAAAAAAAAAAA');
    expect(mintBandId(() => new Uint8Array(12).fill(255))).toBe('________________');
    const last = new Uint8Array(12);
    last[11] = 1;
    expect(mintBandId(() => last)).toBe('AAAAAAAAAAAAAAAB');
  });

  test('do not collide over many mints', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => mintBandId((n) => randomBytes(n))));
    expect(ids.size).toBe(50_000);
  });

  test.each([
    ['too short', 'abc'],
    ['too long', 'AAAAAAAAAAAAAAAAA'],
    ['not URL-safe', 'AAAAAAAAAAAAAAA/'],
    ['padding', 'AAAAAAAAAAAAAAA='],
    ['empty', ''],
  ])('rejects %s', (_case, value) => {
    expect(isBandId(value)).toBe(false);
  });
});
