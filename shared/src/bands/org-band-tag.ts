/**
 * The tag every band id minted for an organization starts with: 36 bits of SHA-256 over the organization's
 * id. Public on purpose: the threat is another tenant registering an id it did not mint, and the cloud
 * refuses an id whose tag is not the caller's organization. Organization ids are random and chosen by the
 * cloud, so another organization with the same tag takes about 2^35 sign-ups to get. Kept apart from
 * `band-id.ts`, which the renderer's schemas import, because it needs node:crypto.
 */
import { createHash } from 'node:crypto';
import { ORG_TAG_LENGTH, orgTagOfBandId } from './band-id.ts';

export const orgBandTag = (orgId: string): string =>
  createHash('sha256').update(`sparkmotion band id\0${orgId}`).digest('base64url').slice(0, ORG_TAG_LENGTH);

/** Whether a band id was minted for this organization; null for a legacy id, which carries no organization. */
export function bandIdMintedFor(bandId: string, orgId: string): boolean | null {
  const tag = orgTagOfBandId(bandId);
  return tag === null ? null : tag === orgBandTag(orgId);
}
