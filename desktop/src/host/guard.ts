import { timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to the browser-mode host. Pure, so each rule is tested on its own.
 *
 * - `Host` must be exactly our loopback address and port: a DNS-rebinding page reaches 127.0.0.1 under
 *   its own name and is refused here.
 * - `Origin`, when the browser sends one (always on WebSocket upgrades and cross-origin requests), must be
 *   our own origin: another page on the machine cannot drive the readers or the store.
 * - Every tRPC request carries our own `Origin` or the `x-sparkmotion-console` header. A browser attaches
 *   the SameSite cookie to requests from another port of 127.0.0.1 (same site), and a plain cross-origin
 *   `<img>`/`<form>`/`fetch(no-cors)` sends no `Origin` on GET: without this rule such a page runs a
 *   query blind. No page of another origin can add a custom header without a CORS preflight, which we
 *   never answer. The page itself and its static files stay plain navigations.
 * - The per-launch secret comes once in the printed URL (`/?secret=…`), is swapped for an HttpOnly,
 *   SameSite=Strict cookie, and is required on every later request.
 */
export const SESSION_COOKIE = 'sparkmotion_console';
/** Sent by the console's own tRPC client on every HTTP request (renderer/src/trpc.ts). */
export const CONSOLE_HEADER = 'x-sparkmotion-console';

export type GuardVerdict =
  | { kind: 'allow' }
  | { kind: 'grant-cookie'; location: string }
  | { kind: 'refuse'; status: 400 | 401 | 403; reason: string };

export interface GuardRequest {
  method: string;
  url: string;
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  isUpgrade: boolean;
  /** Whether the `x-sparkmotion-console` header came. */
  consoleHeader: boolean;
}

export function checkRequest(request: GuardRequest, expected: { origin: string; secret: string }): GuardVerdict {
  const own = new URL(expected.origin);
  if (request.host !== own.host) return { kind: 'refuse', status: 403, reason: 'unexpected Host header' };
  if (request.origin !== undefined && request.origin !== own.origin) {
    return { kind: 'refuse', status: 403, reason: 'cross-origin request' };
  }
  if (request.isUpgrade && request.origin === undefined) {
    return { kind: 'refuse', status: 403, reason: 'WebSocket upgrade without Origin' };
  }
  const url = parseUrl(request.url, own.origin);
  if (url === null) return { kind: 'refuse', status: 400, reason: 'malformed URL' };
  if (url.pathname.startsWith('/trpc') && request.origin === undefined && !request.consoleHeader) {
    return { kind: 'refuse', status: 403, reason: 'tRPC request without Origin or console header' };
  }
  if (sameSecret(readCookie(request.cookie, SESSION_COOKIE), expected.secret)) return { kind: 'allow' };

  const offered = url.searchParams.get('secret');
  if (request.method === 'GET' && !request.isUpgrade && offered !== null && sameSecret(offered, expected.secret)) {
    url.searchParams.delete('secret');
    return { kind: 'grant-cookie', location: `${url.pathname}${url.search}` };
  }
  return { kind: 'refuse', status: 401, reason: 'open the console with the URL printed at launch' };
}

function parseUrl(url: string, base: string): URL | null {
  try {
    const parsed = new URL(url, base);
    // A path that does not decode (`%E0%A4%A`) would fail whoever reads it next.
    decodeURIComponent(parsed.pathname);
    return parsed;
  } catch {
    return null;
  }
}

export function sessionCookieHeader(secret: string): string {
  return `${SESSION_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameSecret(offered: string | undefined, secret: string): boolean {
  if (offered === undefined) return false;
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
