import { DomainError, FailureCode, isDomainError } from '@sparkmotion/shared/errors';
import type { FailureDetails, Outcome } from './nfc-events.ts';
import { TagGoneError, TagStatusError } from './ntag-io.ts';

/** A tap that cannot go on, with what the desk shows about it. Station and tag families throw these. */
export const stationFailure = (code: FailureCode, message: string, details: FailureDetails = {}): DomainError =>
  new DomainError(code, message, details);

/** PC/SC errors that mean the reader (or pcscd) is gone rather than the tag. */
const READER_GONE = /0x8010001[3de]|0x80100017|0x80100009|0x8010002e/i;

/** Runs a call to the band registry; its failures become the station's codes. */
export async function registryCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = isDomainError(error) ? FailureCode.safeParse(error.code) : null;
    // The registry's refusals a station can name (BAND_ALREADY_REGISTERED, BAND_ALREADY_REPLACED) keep their code.
    if (code?.success) throw stationFailure(code.data, error instanceof Error ? error.message : String(error));
    throw stationFailure('REGISTRY_FAILED', `The local band store failed: ${(error as Error).message}`);
  }
}

/**
 * The failed outcome of a tap that threw: a station failure as it was thrown, a tag or reader that went
 * away told apart (a half-written tag says so), anything else a TAG_ERROR.
 */
export function failureOutcome(
  error: unknown,
  tap: { uid: string; pending: { bandId: string } | null; readerDetached: boolean },
): Extract<Outcome, { ok: false }> {
  const { uid, pending } = tap;
  const base = { ok: false as const, uid, ...(pending ? { pendingBandId: pending.bandId } : {}) };
  const failure = isDomainError(error) ? FailureCode.safeParse(error.code) : null;
  if (failure?.success) {
    return {
      ...base,
      code: failure.data,
      message: (error as Error).message,
      ...((error as DomainError).details as FailureDetails),
    };
  }
  if (error instanceof TagGoneError) {
    if (tap.readerDetached || READER_GONE.test(errorText(error.cause))) {
      return {
        ...base,
        code: 'READER_UNPLUGGED',
        message: pending
          ? `The reader went away during a write: tag ${uid} is half-written. Reconnect the reader and tap it again.`
          : 'The reader went away. Reconnect it.',
      };
    }
    if (pending) {
      return {
        ...base,
        code: 'REMOVED_MID_WRITE',
        message: `The tag left during the write and is half-written. Put tag ${uid} back to finish it.`,
      };
    }
    return { ...base, code: 'TAG_REMOVED', message: 'The tag left before it was read. Tap it again.' };
  }
  if (error instanceof TagStatusError) {
    return {
      ...base,
      code: 'TAG_ERROR',
      message: pending
        ? `The tag refused a write (${error.sw}) and is half-written. Tap it again to retry.`
        : `The tag answered ${error.sw}. Tap it again.`,
    };
  }
  return { ...base, code: 'TAG_ERROR', message: `Unexpected error: ${errorText(error)}` };
}

/** The messages of an error and everything it wraps (nfc-pcsc keeps the PC/SC error in `previous`). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    const next = current as { previous?: unknown; cause?: unknown };
    current = next.previous ?? next.cause;
  }
  return parts.join(' ← ');
}
