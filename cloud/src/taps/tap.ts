import { randomUUID } from 'node:crypto';

/**
 * What the redirect decided for one tap. `SERVED` = a window's URL or the event's fallback was sent;
 * the others say why the band did not serve normally (`UNAVAILABLE`: not cached while the database
 * was down; the flusher attributes it to its band's event once the database is back). Every outcome is recorded: an organizer sees
 * disabled, lost and mis-encoded (orphan) bands in the analytics.
 */
export type TapOutcome = 'SERVED' | 'DISABLED' | 'LOST' | 'UNKNOWN' | 'MALFORMED' | 'UNAVAILABLE';

/**
 * One tap as the edge writes it to the local log, before the 302 leaves. Small and flat: it is one
 * JSON line per request. Enrichment (device, country, bot flag, IP privacy) happens later, in the
 * flusher, off the request path.
 */
export interface Tap {
  /** Generated at the edge (UUID v7: time-ordered), so a retried batch cannot double-count. */
  readonly id: string;
  /** Epoch milliseconds, from the server's clock when the request arrived. */
  readonly at: number;
  /** The bandId as received (truncated); for MALFORMED taps the raw text, so mis-encodings show up. */
  readonly bandId: string;
  readonly outcome: TapOutcome;
  readonly eventId: string | null;
  readonly orgId: string | null;
  /** PRE / LIVE / POST / FALLBACK; null when nothing was resolved (unknown, malformed). */
  readonly mode: string | null;
  readonly windowId: string | null;
  /** The Location sent; null when the friendly 404 page was sent. */
  readonly url: string | null;
  readonly ip: string;
  readonly ua: string;
  /** Over the per-IP or per-band rate limit: still redirected, flagged so counts can exclude it. */
  readonly limited: boolean;
  /** The tap-trust parameters the URL carried (`m=…`, `picc=…&cmac=…`), classified in the pipeline. */
  readonly evidence?: string;
}

/** Longest raw bandId we keep from a request (a real one is far shorter). */
export const MAX_RAW_BAND_ID = 64;
/** Longest user agent we keep. */
export const MAX_USER_AGENT = 512;

/**
 * A UUID v7 (RFC 9562): 48 bits of epoch milliseconds, then the random bits of a v4 UUID (Node keeps
 * a pool of entropy for `randomUUID`, so this costs no syscall per id). Time-ordered ids keep the
 * TapLog primary key index append-mostly.
 */
export function tapId(nowMs: number): string {
  // Clamped to 48 bits: a clock before 1970 or past year 10889 still gives a valid id.
  const ts = Math.min(Math.max(Math.floor(nowMs), 0), 0xffffffffffff)
    .toString(16)
    .padStart(12, '0');
  const random = randomUUID();
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${random.slice(15)}`;
}
