import { randomBytes } from 'node:crypto';

/**
 * What the redirect decided for one tap. `SERVED` = a window's URL or the event's fallback was sent;
 * the others say why the band did not serve normally (`UNAVAILABLE`: not cached while the database
 * was down; the flusher attributes it to its band's event once the database is back). Every outcome is recorded: an organizer sees
 * disabled, lost and mis-encoded (orphan) bands in the analytics.
 */
export const TAP_OUTCOMES = ['SERVED', 'DISABLED', 'LOST', 'UNKNOWN', 'MALFORMED', 'UNAVAILABLE'] as const;
export type TapOutcome = (typeof TAP_OUTCOMES)[number];

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

/** Three lowercase hex digits for every 12-bit value: ids are assembled from table lookups. */
const HEX3 = Array.from({ length: 4096 }, (_, i) => i.toString(16).padStart(3, '0'));
const COUNTER_SPACE = 2 ** 24;

let counter = 0;
let variant = '';
let node = '';
let lastMs = Number.NaN;
let msPrefix = '';

/** A fresh random part (2 bits beside the variant, 48 bits of node) and counter start. */
function reseed(): void {
  const bytes = randomBytes(10);
  counter = bytes.readUIntBE(0, 3);
  variant = (8 | (bytes[3]! & 3)).toString(16);
  node = bytes.toString('hex', 4, 10);
}
reseed();

/**
 * A UUID v7 (RFC 9562) minted in a few hundred nanoseconds: 48 bits of epoch milliseconds, then a
 * 24-bit counter (the RFC's "fixed bit-length dedicated counter", §6.2 method 1), then 50 random bits
 * drawn once per process (and again whenever the counter wraps). Ids are unique within a process by
 * (millisecond, counter) and across processes by the random part; a random draw per id would cost more
 * than the rest of the tap. Time-ordered ids keep the TapLog primary key index append-mostly.
 */
export function tapId(nowMs: number): string {
  if (nowMs !== lastMs) {
    lastMs = nowMs;
    // Clamped to 48 bits: a clock before 1970 or past year 10889 still gives a valid id.
    const ts = Math.min(Math.max(Math.floor(nowMs), 0), 0xffffffffffff)
      .toString(16)
      .padStart(12, '0');
    msPrefix = `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7`;
  }
  const count = counter;
  counter = (counter + 1) % COUNTER_SPACE;
  const id = `${msPrefix}${HEX3[count >>> 12]}-${variant}${HEX3[count & 0xfff]}-${node}`;
  if (counter === 0) reseed();
  return id;
}

const quoted = (value: string | null) => (value === null ? 'null' : `"${value}"`);

/**
 * A tap as its line in the local log: the JSON of `tap`, built by hand because it is written on every
 * request and a template costs half of `JSON.stringify`. What came from outside (the URL, the headers,
 * the socket, the organizer's URLs) is escaped; ids, enums and numbers are ours and written as they are.
 */
export function tapLine(tap: Tap): string {
  const evidence = tap.evidence === undefined ? '' : `,"evidence":${JSON.stringify(tap.evidence)}`;
  return `{"id":"${tap.id}","at":${tap.at},"bandId":${JSON.stringify(tap.bandId)},"outcome":"${tap.outcome}","eventId":${quoted(tap.eventId)},"orgId":${quoted(tap.orgId)},"mode":${quoted(tap.mode)},"windowId":${quoted(tap.windowId)},"url":${tap.url === null ? 'null' : JSON.stringify(tap.url)},"ip":${JSON.stringify(tap.ip)},"ua":${JSON.stringify(tap.ua)},"limited":${tap.limited}${evidence}}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUTCOMES = new Set<unknown>(TAP_OUTCOMES);
const text = (value: unknown) => typeof value === 'string';
const uuid = (value: unknown) => typeof value === 'string' && UUID.test(value);
const uuidOrNull = (value: unknown) => value === null || uuid(value);
const textOrNull = (value: unknown) => value === null || typeof value === 'string';

/**
 * A line read back from the log is a tap TapLog will take: a line PostgreSQL refuses would fail its whole
 * batch on every retry and hold back every tap behind it in the segment, so it is set aside as corrupt.
 */
export function isTap(value: unknown): value is Tap {
  if (typeof value !== 'object' || value === null) return false;
  const tap = value as Record<keyof Tap, unknown>;
  return (
    uuid(tap.id) &&
    Number.isFinite(tap.at) &&
    text(tap.bandId) &&
    OUTCOMES.has(tap.outcome) &&
    uuidOrNull(tap.eventId) &&
    uuidOrNull(tap.orgId) &&
    uuidOrNull(tap.windowId) &&
    textOrNull(tap.mode) &&
    textOrNull(tap.url) &&
    text(tap.ip) &&
    text(tap.ua) &&
    typeof tap.limited === 'boolean' &&
    (tap.evidence === undefined || text(tap.evidence))
  );
}
