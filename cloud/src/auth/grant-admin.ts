import { DomainError } from '@sparkmotion/shared/errors';
import { Email } from '@sparkmotion/shared/schemas/common.schema';
import type pg from 'pg';

/**
 * Makes a user a platform ADMIN (all organizations, orphan taps): the first admin's bootstrap, with no SQL
 * by hand. The user must have an account already; granting twice is no error.
 */
export async function grantAdmin(
  db: Pick<pg.Pool, 'query'>,
  email: string,
): Promise<{ email: string; already: boolean }> {
  const address = Email.safeParse(email);
  if (!address.success) throw new DomainError('BAD_INPUT', `"${email}" is not an email address`);
  const found = await db.query<{ platform_role: string }>('select platform_role from users where email = $1', [
    address.data,
  ]);
  if (!found.rows[0]) {
    throw new DomainError('NOT_FOUND', `No user ${address.data}: they sign up (or accept an invitation) first`);
  }
  if (found.rows[0].platform_role === 'ADMIN') return { email: address.data, already: true };
  await db.query("update users set platform_role = 'ADMIN', updated_at = now() where email = $1", [address.data]);
  return { email: address.data, already: false };
}
