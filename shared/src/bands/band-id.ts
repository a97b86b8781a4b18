/**
 * A band's public id: what its tag's URL carries. 16 characters of base64url = 96 random bits, so any
 * desk can mint ids offline without coordinating (collision odds stay negligible far past 10^12 bands),
 * and nobody can guess a neighbour's id. Never derived from the tag UID or a sequence.
 */
export const BAND_ID_LENGTH = 16;
const BAND_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `randomBytes` is injected so this stays pure; pass `crypto.getRandomValues`-backed bytes. */
export function mintBandId(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(12);
  if (bytes.length !== 12) throw new Error('mintBandId needs 12 random bytes');
  let id = '';
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
