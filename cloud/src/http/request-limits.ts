/**
 * What the cloud reads of a tRPC request, decided from its headers before a byte of the body is read
 * (a 50 MB body to `auth.login` used to be read whole: +200–330 MB RSS):
 *
 * - Without a live session: 16 KiB. Signing in, registering and accepting an invitation are small; nobody
 *   unknown gets to make the server buffer more. A mere `Authorization` header lifts nothing: the server
 *   looks the session up (one indexed query) before granting more, and only for a body past 16 KiB.
 * - The bulk procedures of a signed-in desk (`bands.importCsv`, `bands.registerMany`, `sync.push`): 4 MiB,
 *   their row caps (5,000 rows, `MAX_PUSH_BATCH` mutations) with room to spare.
 * - Any other call: 256 KiB (no single field of those calls comes near it).
 * - A batch (`/trpc/a,b,c?batch=1`) holds at most `MAX_BATCH` calls, and an `auth.` call is never batched:
 *   one request checks one password (docs: README "Security"). The path is judged as tRPC reads it, decoded:
 *   `auth.login%2Cauth.login` is two calls. tRPC's own `maxBatchSize` is the backstop for anything missed here.
 *
 * A body announced larger is answered 413 at once. One that comes without a length (chunked) is refused 411
 * without a session; with one it is cut by tRPC's own `maxBodySize` at `MAX_BODY_BYTES`.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH = 20;
const ANONYMOUS_BYTES = 16 * 1024;
const DEFAULT_BYTES = 256 * 1024;
const BULK = new Set(['bands.importCsv', 'bands.registerMany', 'sync.push']);

/** `bySize`: refused for its body alone, so a live session might lift it. */
export type LimitVerdict = { ok: true } | { ok: false; status: 400 | 411 | 413; message: string; bySize: boolean };

export function checkTrpcRequest(req: {
  url: string;
  contentLength: string | undefined;
  /** The body comes without a length (`Transfer-Encoding`). */
  chunked: boolean;
  signedIn: boolean;
}): LimitVerdict {
  const procedures = procedureNames(req.url);
  if (!procedures) return { ok: false, status: 400, message: 'Malformed procedure path.', bySize: false };
  if (procedures.length > MAX_BATCH) {
    return { ok: false, status: 413, message: `At most ${MAX_BATCH} calls in one batch.`, bySize: false };
  }
  if (procedures.length > 1 && procedures.some((name) => name.startsWith('auth.'))) {
    return { ok: false, status: 400, message: 'auth calls cannot be batched.', bySize: false };
  }
  if (req.chunked && req.contentLength === undefined && !req.signedIn) {
    return { ok: false, status: 411, message: 'Send a Content-Length.', bySize: true };
  }
  const limit = !req.signedIn
    ? ANONYMOUS_BYTES
    : procedures.every((name) => BULK.has(name))
      ? MAX_BODY_BYTES
      : DEFAULT_BYTES;
  const length = req.contentLength === undefined ? 0 : Number(req.contentLength);
  if (!Number.isFinite(length) || length > limit) {
    return {
      ok: false,
      status: 413,
      message: `Request body too large (at most ${limit} bytes here).`,
      bySize: true,
    };
  }
  return { ok: true };
}

/** The procedures a tRPC URL names, decoded the way tRPC decodes them before it splits a batch; null if malformed. */
function procedureNames(url: string): string[] | null {
  const raw = url.slice('/trpc/'.length).split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw).split(',');
  } catch {
    return null;
  }
}
