import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError } from '@sparkmotion/shared/errors';

/** A database refusal the caller can act on, as a domain error: a unique-key race is a CONFLICT. */
export function domainErrorOfDb(error: unknown): DomainError | null {
  if (error instanceof UniqueConstraintViolationException) return new DomainError('CONFLICT', 'That already exists');
  return null;
}
