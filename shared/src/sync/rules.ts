/**
 * Conflict rules of sync, stated per field, pure so both sides and the tests share them.
 *
 * - Event settings (name, timezone, fallbackUrl, overrideMode): last writer wins per field, in the
 *   server's order of application. A patch only names the fields the user changed, so two desks that
 *   changed different fields offline both keep their change.
 * - Band registration: first wins. The bandId and the tag UID are each registered once; a later
 *   registration of either is rejected (BAND_ALREADY_REGISTERED) and that desk is told. Replaying the
 *   very same registration is not a conflict.
 * - Band reassignment: last writer wins on `eventId`, in server order.
 * - Band replacement: once per lost band; the same replacement again is not a conflict, another one is
 *   rejected (BAND_ALREADY_REPLACED). The replacement is registered under the registration rules.
 * - Band attendee (`band.setAttendee`): last writer wins per field (name, email, ticket code), in server
 *   order, as for event settings: a desk sends only the fields its user changed, so it never clears an email
 *   it was not allowed to see. Unlinking (null) removes the whole link. A link with no field left is none.
 * - Band release (a tag overwritten for a new band): applies only while the band still carries that
 *   tag; if it no longer does, it is a no-op reported as transformed.
 * - Windows: create/update are validated on the server against the other windows of the event by the
 *   windows feature (`assertValidWindows`: half-open ranges never overlap); an overlap is rejected
 *   (WINDOW_OVERLAP) and the desk that lost rolls its window back. The desk checks the same rule
 *   against what it knows before queuing.
 *   Deleting a window that is already gone is a no-op, not an error.
 *   `windows.save` (the editor's one change) writes and removes several windows of one event and
 *   validates the event's resulting set as a whole; it is all or nothing, and on a rejection every
 *   window it named rolls back. Windows another desk added meanwhile stay and take part in the check.
 */

import { type AttendeeFields, hasAttendee } from '../bands/attendee-privacy.ts';
import type { ErrorCode } from '../errors.ts';
import type { AttendeePatch, EventSettingsPatch } from './mutations.ts';
import type { MutationResult } from './protocol.ts';

export type EventSettings = {
  name: string;
  timezone: string;
  fallbackUrl: string;
  overrideMode: 'PRE' | 'LIVE' | 'POST' | null;
};

/** Last writer wins per field: the fields the patch names replace the current ones, the others stay. */
export function mergeEventSettings<T extends EventSettings>(current: T, patch: EventSettingsPatch): T {
  const next = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}

/** Last writer wins per attendee field; null unlinks; a link left with no field is no link. */
export function mergeAttendee(current: AttendeeFields | null, patch: AttendeePatch | null): AttendeeFields | null {
  if (patch === null) return null;
  const next: AttendeeFields = {
    name: patch.name === undefined ? (current?.name ?? null) : patch.name,
    email: patch.email === undefined ? (current?.email ?? null) : patch.email,
    ticketCode: patch.ticketCode === undefined ? (current?.ticketCode ?? null) : patch.ticketCode,
  };
  return hasAttendee(next) ? next : null;
}

export type ExistingBand = { bandId: string; uid: string | null; eventId: string };
export type RegistrationDecision =
  | { outcome: 'insert' }
  | { outcome: 'already-done' }
  | { outcome: 'reject'; code: ErrorCode; message: string };

/** First wins, per bandId and per tag UID. */
export function decideBandRegistration(
  args: { bandId: string; uid: string; eventId: string },
  existing: { byBandId: ExistingBand | null; byUid: ExistingBand | null },
): RegistrationDecision {
  const { byBandId, byUid } = existing;
  if (byBandId && byBandId.uid === args.uid && byBandId.eventId === args.eventId) return { outcome: 'already-done' };
  if (byBandId) {
    return {
      outcome: 'reject',
      code: 'BAND_ALREADY_REGISTERED',
      message: `Band ${args.bandId} was already registered by another desk.`,
    };
  }
  if (byUid) {
    return {
      outcome: 'reject',
      code: 'BAND_ALREADY_REGISTERED',
      message: `Tag ${args.uid} was already registered as band ${byUid.bandId}.`,
    };
  }
  return { outcome: 'insert' };
}

export type Settled = {
  /** Mutation ids the server has processed, to drop from the outbox. */
  processed: number[];
  rejected: Array<{ mutationId: number; code: ErrorCode; message: string }>;
  transformed: Array<{ mutationId: number; message: string }>;
};

/**
 * What a push response means for the outbox: everything up to `lastMutationId` is processed (even the
 * ones whose result a lost response never brought back); rejections are kept to show their reason.
 */
export function settlePush(
  pendingIds: readonly number[],
  response: { lastMutationId: number; results: readonly MutationResult[] },
): Settled {
  const processed = pendingIds.filter((id) => id <= response.lastMutationId);
  const rejected: Settled['rejected'] = [];
  const transformed: Settled['transformed'] = [];
  for (const result of response.results) {
    if (result.mutationId > response.lastMutationId) continue;
    if (result.status === 'rejected') {
      rejected.push({ mutationId: result.mutationId, code: result.code, message: result.message });
    }
    if (result.status === 'transformed') transformed.push({ mutationId: result.mutationId, message: result.message });
  }
  return { processed, rejected, transformed };
}

/** Exponential backoff with full jitter; `random` in [0, 1) is injected to stay pure. */
export function backoffDelay(attempt: number, options: { baseMs: number; maxMs: number }, random: number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(options.baseMs / 2 + random * (ceiling - options.baseMs / 2));
}

/**
 * The pull cursor: the highest row version the client has, and a fingerprint of the orgs it was
 * computed for (their ids, with whatever else decides what the client may see of them). When that
 * changes, old rows of a newly visible org lie below the version (or rows the client may no longer
 * hold already sit on it), so the server sees the fingerprint differ and starts the client over.
 */
export function encodeCursor(version: string, orgKeys: readonly string[]): string {
  return `${version}.${orgFingerprint(orgKeys)}`;
}

export function decodeCursor(cursor: string | null): { version: string; fingerprint: string } | null {
  const match = cursor ? /^(\d{1,20})\.([0-9a-f]{8})$/.exec(cursor) : null;
  return match ? { version: match[1]!, fingerprint: match[2]! } : null;
}

/** FNV-1a over the sorted org ids: a change detector, not a security boundary. */
export function orgFingerprint(orgIds: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const char of [...orgIds].sort().join(',')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
