/**
 * The one keyset cursor codec. A page ends at a row whose key is (an instant, a uuid) — `(created_at, id)`
 * for lists, `(tapped_at, id)` for the tap export — and the next page starts after it. The cursor is
 * opaque to callers: base64url of `<ISO instant>|<uuid>`. Whatever else comes back (forged, truncated,
 * another shape, an instant PostgreSQL cannot hold) is BAD_INPUT here, never a database error later.
 *
 * The instant is kept to the microsecond, as PostgreSQL keeps a timestamptz: a key cut to a JS Date's
 * millisecond sorts before its own row, so the next page would start with that row again (ascending) or
 * skip the rows between the cut and the row (descending). Raw-SQL pages read the key with `cursorInstant`;
 * a Date is exact only for a column kept to the millisecond.
 */
import { DomainError } from '@sparkmotion/shared/errors';

export interface CursorKey {
  /** ISO 8601 in UTC with six fractional digits; pass it to SQL as `?::timestamptz`. */
  at: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** No row of ours is older; together with the 4-digit year this keeps every key inside PostgreSQL's range. */
const EARLIEST = Date.UTC(1970, 0, 1);

/** SQL reading a timestamptz column as a cursor instant, to the microsecond. */
export const cursorInstant = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(key: { at: Date | string; id: string }): string {
  const at = typeof key.at === 'string' ? key.at : key.at.toISOString().replace('Z', '000Z');
  return Buffer.from(`${at}|${key.id}`).toString('base64url');
}

/** Null for no cursor (the first page). */
export function decodeCursor(cursor: string | null | undefined): CursorKey | null {
  if (cursor == null || cursor === '') return null;
  const [at, id, ...rest] = BASE64URL.test(cursor) ? Buffer.from(cursor, 'base64url').toString().split('|') : [];
  const millis = ISO_INSTANT.exec(at ?? '')?.[1];
  const date = new Date(`${millis}Z`);
  const valid =
    rest.length === 0 &&
    at !== undefined &&
    millis !== undefined &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString() === `${millis}Z` &&
    date.getTime() >= EARLIEST &&
    id !== undefined &&
    UUID.test(id);
  if (!valid) throw new DomainError('BAD_INPUT', 'Invalid cursor');
  return { at, id };
}
