import { z } from 'zod';

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
  'BAND_ALREADY_REGISTERED',
  'BAND_NOT_ACTIVE',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'SESSION_EXPIRED',
  'LAST_OWNER',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

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
