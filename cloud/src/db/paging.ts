/**
 * Keyset paging over `(created_at, id)`: stable under inserts, no OFFSET scans. The cursor is opaque to
 * callers (base64url of the last row's key).
 */
import { DomainError } from '@sparkmotion/shared/errors';

export interface PageKey {
  createdAt: Date;
  id: string;
}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(`${key.createdAt.toISOString()}|${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): PageKey | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new DomainError('BAD_INPUT', 'Bad cursor');
  return { createdAt, id };
}

/** The MikroORM filter for rows after the cursor in `(createdAt desc, id desc)` order; `{}` without one. */
export function afterKey(after: PageKey | null) {
  if (!after) return {};
  return { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] };
}

/** Takes `limit + 1` rows fetched, returns the page and the cursor of the next one. */
export function toPage<T extends PageKey, R>(
  rows: T[],
  limit: number,
  view: (row: T) => R,
): { items: R[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: more && last ? encodeCursor(last) : null };
}
