/**
 * What the cloud reads of a tRPC request, decided from its headers before a byte of the body is read
 * (a 50 MB body to `auth.login` used to be read whole: +200–330 MB RSS):
 *
 * - Without a session (no `Authorization`): 16 KiB. Signing in, registering and accepting an invitation
 *   are small; nobody unknown gets to make the server buffer more.
 * - The bulk procedures of a signed-in desk (`bands.importCsv`, `bands.registerMany`, `sync.push`): 4 MiB,
 *   their row caps (5,000 rows, `MAX_PUSH_BATCH` mutations) with room to spare.
 * - Any other call: 256 KiB (no single field of those calls comes near it).
 * - A batch (`/trpc/a,b,c?batch=1`) holds at most `MAX_BATCH` calls, and an `auth.` call is never batched:
 *   one request checks one password (docs: README "Security"). The path is judged as tRPC reads it, decoded:
 *   `auth.login%2Cauth.login` is two calls. tRPC's own `maxBatchSize` is the backstop for anything missed here.
 *
 * A body announced larger is answered 413 at once; one that comes without a length (chunked) is cut by
 * tRPC's own `maxBodySize` at `MAX_BODY_BYTES`.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH = 20;
const ANONYMOUS_BYTES = 16 * 1024;
const DEFAULT_BYTES = 256 * 1024;
const BULK = new Set(['bands.importCsv', 'bands.registerMany', 'sync.push']);

export type LimitVerdict = { ok: true } | { ok: false; status: 400 | 413; message: string };

export function checkTrpcRequest(req: {
  url: string;
  contentLength: string | undefined;
  authorized: boolean;
}): LimitVerdict {
  const procedures = procedureNames(req.url);
  if (!procedures) return { ok: false, status: 400, message: 'Malformed procedure path.' };
  if (procedures.length > MAX_BATCH) {
    return { ok: false, status: 413, message: `At most ${MAX_BATCH} calls in one batch.` };
  }
  if (procedures.length > 1 && procedures.some((name) => name.startsWith('auth.'))) {
    return { ok: false, status: 400, message: 'auth calls cannot be batched.' };
  }
  const limit = !req.authorized
    ? ANONYMOUS_BYTES
    : procedures.every((name) => BULK.has(name))
      ? MAX_BODY_BYTES
      : DEFAULT_BYTES;
  const length = req.contentLength === undefined ? 0 : Number(req.contentLength);
  if (!Number.isFinite(length) || length > limit) {
    return { ok: false, status: 413, message: `Request body too large (at most ${limit} bytes here).` };
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
