import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BAND_ID_LENGTH, isBandId, mintBandId, orgTagOfBandId } from './band-id.ts';
import { bandIdMintedFor, orgBandTag } from './org-band-tag.ts';

const ORG = '0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6';
const mint = (orgId = ORG) => mintBandId(orgBandTag(orgId), (n) => randomBytes(n));

describe('band ids', () => {
  test('are 22 URL-safe characters', () => {
    const id = mint();
    expect(id).toHaveLength(BAND_ID_LENGTH);
    expect(isBandId(id)).toBe(true);
    expect(encodeURIComponent(id)).toBe(id);
  });

  test('encode the organization tag and all 96 random bits, so different bytes give different ids', () => {
    expect(mintBandId('OrgTag', () => new Uint8Array(12))).toBe('OrgTagAAAAAAAAAAAAAAAA');
    expect(mintBandId('OrgTag', () => new Uint8Array(12).fill(255))).toBe('OrgTag________________');
    const last = new Uint8Array(12);
    last[11] = 1;
    expect(mintBandId('OrgTag', () => last)).toBe('OrgTagAAAAAAAAAAAAAAAB');
  });

  test('do not collide over many mints', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => mint()));
    expect(ids.size).toBe(50_000);
  });

  test('say which organization they were minted for, offline and without a key', () => {
    const other = '0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a7';
    const id = mint();
    expect(orgTagOfBandId(id)).toBe(orgBandTag(ORG));
    expect(bandIdMintedFor(id, ORG)).toBe(true);
    expect(bandIdMintedFor(id, other)).toBe(false);
    expect(bandIdMintedFor(mint(other), ORG)).toBe(false);
  });

  test('minted before ids carried an organization (16 characters) stay valid but name no organization', () => {
    expect(isBandId('AbCdEfGhIjKlMnOp')).toBe(true);
    expect(orgTagOfBandId('AbCdEfGhIjKlMnOp')).toBeNull();
    expect(bandIdMintedFor('AbCdEfGhIjKlMnOp', ORG)).toBeNull();
  });

  test('refuse to mint without a well-formed organization tag', () => {
    expect(() => mintBandId('short', (n) => randomBytes(n))).toThrow(/organization tag/);
  });

  test.each([
    ['too short', 'abc'],
    ['between the two lengths', 'AAAAAAAAAAAAAAAAA'],
    ['too long', 'AAAAAAAAAAAAAAAAAAAAAAA'],
    ['not URL-safe', 'AAAAAAAAAAAAAAA/'],
    ['padding', 'AAAAAAAAAAAAAAAAAAAAA='],
    ['empty', ''],
  ])('rejects %s', (_case, value) => {
    expect(isBandId(value)).toBe(false);
  });
});
