/**
 * The one keyset cursor codec. A page ends at a row whose key is (an instant, a uuid) — `(created_at, id)`
 * for lists, `(tapped_at, id)` for the tap export — and the next page starts after it. The cursor is
 * opaque to callers: base64url of `<ISO instant>|<uuid>`. Whatever else comes back (forged, truncated,
 * another shape, an instant PostgreSQL cannot hold) is BAD_INPUT here, never a database error later.
 */
import { DomainError } from '@sparkmotion/shared/errors';

export interface CursorKey {
  at: Date;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** No row of ours is older; together with the 4-digit year this keeps every key inside PostgreSQL's range. */
const EARLIEST = Date.UTC(1970, 0, 1);

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`).toString('base64url');
}

/** Null for no cursor (the first page). */
export function decodeCursor(cursor: string | null | undefined): CursorKey | null {
  if (cursor == null || cursor === '') return null;
  const [iso, id, ...rest] = BASE64URL.test(cursor) ? Buffer.from(cursor, 'base64url').toString().split('|') : [];
  const at = new Date(iso ?? '');
  const valid =
    rest.length === 0 &&
    iso !== undefined &&
    ISO_INSTANT.test(iso) &&
    !Number.isNaN(at.getTime()) &&
    at.toISOString() === iso &&
    at.getTime() >= EARLIEST &&
    id !== undefined &&
    UUID.test(id);
  if (!valid) throw new DomainError('BAD_INPUT', 'Invalid cursor');
  return { at, id };
}
