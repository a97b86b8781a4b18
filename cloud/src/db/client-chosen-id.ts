import { DomainError } from '@sparkmotion/shared/errors';

/**
 * Ids a client may choose (`events.create` takes one; a desk mints window ids offline) share one key space
 * with every organization's rows. A create whose id is in use is refused with this one answer whoever holds
 * the id (the caller's organization, another event, another organization), so the answer never tells that
 * another organization has such a row, nor anything of it (README "Security"). The row's own organization
 * repeating the very same create (a retry, a sync replay) gets the row instead.
 */
export const idInUse = () => new DomainError('BAD_INPUT', 'This id cannot be used: create it with a new one');
