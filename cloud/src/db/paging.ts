/**
 * Keyset paging over `(created_at, id)`, newest first: stable under inserts, no OFFSET scans. The cursor
 * between pages is `cursor.ts`'s.
 */
import { type CursorKey, encodeCursor } from './cursor.ts';

export interface PageKey {
  createdAt: Date;
  id: string;
}

/** The MikroORM filter for rows after the cursor in `(createdAt desc, id desc)` order; `{}` without one. */
export function afterKey(after: CursorKey | null) {
  if (!after) return {};
  return { $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] };
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
  return { items: page.map(view), nextCursor: more && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
