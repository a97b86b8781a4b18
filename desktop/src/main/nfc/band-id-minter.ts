/**
 * The desk mints each band id for the organization of the event it encodes for, from the events it has
 * synced, so offline too: the cloud refuses an id minted for another organization
 * (docs/adr/0007-band-ids-bound-to-their-organization.md).
 */
import { randomBytes } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { DomainError } from '@sparkmotion/shared/errors';

export function createBandIdMinter(orgOfEvent: (eventId: string) => Promise<string | null>) {
  return async (eventId: string): Promise<string> => {
    const orgId = await orgOfEvent(eventId);
    if (!orgId) throw new DomainError('NOT_FOUND', `Event ${eventId} is not known at this desk: sync first.`);
    return mintBandId(orgBandTag(orgId), (n) => randomBytes(n));
  };
}
