/**
 * A band's public id: what its tag's URL carries. Today's ids are 22 characters of base64url: a 6-character
 * tag of the organization the id was minted for (`org-band-tag.ts`), then 16 characters = 96 random bits, so
 * any desk can mint ids offline without coordinating (collision odds stay negligible far past 10^12 bands),
 * nobody can guess a neighbour's id, and anyone can check which organization an id belongs to
 * (docs/adr/0007-band-ids-bound-to-their-organization.md). Ids minted before that change are the 16 random
 * characters alone ("legacy"): bands registered with one keep working. Never derived from the tag UID or a
 * sequence.
 */
export const BAND_ID_LENGTH = 22;
export const ORG_TAG_LENGTH = 6;
export const LEGACY_BAND_ID_LENGTH = 16;
// One regular expression for both lengths keeps the redirect's check a single cheap test.
const BAND_ID_PATTERN = /^[A-Za-z0-9_-]{16}(?:[A-Za-z0-9_-]{6})?$/;
const ORG_TAG_PATTERN = /^[A-Za-z0-9_-]{6}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `orgTag` is the organization's (`orgBandTag`); `randomBytes` is injected so this stays pure: pass
 * `crypto.getRandomValues`-backed bytes.
 */
export function mintBandId(orgTag: string, randomBytes: (length: number) => Uint8Array): string {
  if (!ORG_TAG_PATTERN.test(orgTag)) throw new Error('mintBandId needs a 6-character organization tag');
  const bytes = randomBytes(12);
  if (bytes.length !== 12) throw new Error('mintBandId needs 12 random bytes');
  let id = orgTag;
  for (let i = 0; i < 12; i += 3) {
    const chunk = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    id +=
      ALPHABET[(chunk >> 18) & 63]! +
      ALPHABET[(chunk >> 12) & 63]! +
      ALPHABET[(chunk >> 6) & 63]! +
      ALPHABET[chunk & 63]!;
  }
  return id;
}

export const isBandId = (value: string): boolean => BAND_ID_PATTERN.test(value);

/** The organization tag a band id carries; null for a legacy id, minted before ids carried one. */
export const orgTagOfBandId = (bandId: string): string | null =>
  bandId.length === BAND_ID_LENGTH ? bandId.slice(0, ORG_TAG_LENGTH) : null;
