import { z } from 'zod';

/** What an NFC station reports when a tap does not end as planned (besides BAND_ALREADY_REGISTERED). */
const STATION_FAILURES = [
  /** The tag left before anything was written; tap again. */
  'TAG_REMOVED',
  /** The tag left during a write: it is half-written. Put the same tag back: the write is retried. */
  'REMOVED_MID_WRITE',
  /** A half-written tag is waiting to be put back; a different tag was tapped and left untouched. */
  'RETRY_PENDING',
  'UNSUPPORTED_TAG',
  /** The band URL does not fit the data area the tag's capability container declares. */
  'TAG_TOO_SMALL',
  'TAG_LOCKED',
  /** The band is password-protected and this desk has no secret for it, or its password is another one. */
  'TAG_PROTECTED',
  /** Tap trust is on but this desk has no tag secret (offline since it started): nothing was written. */
  'TAG_SECRET_UNAVAILABLE',
  /** The tag already carries a band (or foreign content): `confirmOverwrite` then tap again to replace it. */
  'NEEDS_OVERWRITE_CONFIRMATION',
  /** The read-back after writing differs from what was written. */
  'VERIFY_MISMATCH',
  'READER_UNPLUGGED',
  /** REASSIGN on a tag that is not a band. */
  'NOT_A_BAND',
  /** REASSIGN (or REPLACE's lost band) on a band this desk does not know. */
  'UNKNOWN_BAND',
  'BULK_LIST_DONE',
  /** REPLACE: the band picked as lost points to a replacement already (restore it first to start over). */
  'BAND_ALREADY_REPLACED',
  /** REPLACE: the tapped band is the lost one itself, found again: restore it instead of replacing it. */
  'LOST_BAND_TAPPED',
  /** The station has no mode yet. */
  'NO_MODE',
  /** The operator chose other readers for this desk's stations: this one leaves tags untouched. */
  'READER_NOT_CHOSEN',
  /** The tag answered with an unexpected status word. */
  'TAG_ERROR',
  'REGISTRY_FAILED',
] as const;

/**
 * Every error the product can report, as a stable code. The cloud, the desktop and the renderer
 * branch on these; each edge (tRPC, the redirect, the NFC station) translates them once.
 */
export const ErrorCode = z.enum([
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'WINDOW_OVERLAP',
  'EVENT_HAS_BANDS',
  /** The desk holds changes the cloud has not seen that the request depends on: sync first. */
  'UNSYNCED_CHANGES',
  'BAND_ALREADY_REGISTERED',
  /** A band id minted for another organization (docs/adr/0007-band-ids-bound-to-their-organization.md). */
  'BAND_ID_FOREIGN',
  'BAND_NOT_ACTIVE',
  'INVALID_CREDENTIALS',
  'SESSION_EXPIRED',
  'LAST_OWNER',
  'UNAVAILABLE',
  'INTERNAL',
  ...STATION_FAILURES,
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The tRPC error codes a domain error answers with; tRPC sets the HTTP status from them. */
type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const STATION_FAILURE_AS_TRPC = Object.fromEntries(STATION_FAILURES.map((code) => [code, 'CONFLICT'])) as Record<
  (typeof STATION_FAILURES)[number],
  'CONFLICT'
>;

/**
 * How each code answers over tRPC, on the cloud and the desk alike; exhaustive, so a new code gets a decision.
 * What the caller sent is wrong whatever the state: BAD_REQUEST. BAND_ID_FOREIGN is one of those: the id was
 * minted for another organization, so neither a retry nor another role makes it right (FORBIDDEN would send
 * the user to an owner for nothing, and CONFLICT says "not now"). The state refuses it now (a window in the
 * way, a band taken first, the last owner, a tag in the reader that does not fit): CONFLICT.
 */
export const TRPC_CODE_OF_ERROR: Record<ErrorCode, TrpcErrorCode> = {
  BAD_INPUT: 'BAD_REQUEST',
  BAND_ID_FOREIGN: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  SESSION_EXPIRED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  WINDOW_OVERLAP: 'CONFLICT',
  EVENT_HAS_BANDS: 'CONFLICT',
  UNSYNCED_CHANGES: 'CONFLICT',
  BAND_ALREADY_REGISTERED: 'CONFLICT',
  BAND_NOT_ACTIVE: 'CONFLICT',
  LAST_OWNER: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  ...STATION_FAILURE_AS_TRPC,
};

/** The codes a tap at an NFC station can end with. */
export const FailureCode = ErrorCode.extract([...STATION_FAILURES, 'BAND_ALREADY_REGISTERED']);
export type FailureCode = z.infer<typeof FailureCode>;

/** The one domain error class. `details` is safe to show to the caller; never put secrets in it. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * A failure a process cannot start or go on with, whose remedy is known: `message` says what is wrong,
 * `hint` what to do about it. Entry points print both on one line (`cloud/src/process/exit-plainly.ts`).
 */
export class PlainError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlainError';
    this.hint = hint;
  }
}
