/** Small helpers for hand-written SQL. */
import type { EntityManager } from '@mikro-orm/postgresql';

/** Escapes LIKE/ILIKE wildcards, so a search matches what the user typed, `%` and `_` included. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Raw SQL inside the unit of work's transaction, when it has one (a sync batch's savepoint). */
export async function exec<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}
