/**
 * The cloud's one HTTP server (plain node:http). Routes:
 * - `/trpc/*`: the tRPC API;
 * - `GET|HEAD /e?bandId=…`, `/e/<bandId>`: the tap redirect (handed in by the composition root);
 * - `/healthz` (the process answers), `/readyz` (it can serve and keep taps: http/readiness.ts), `/metrics`.
 */

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { ReadinessCheck } from './readiness.ts';
import { checkTrpcRequest, type LimitVerdict } from './request-limits.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoutes {
  trpc: RequestListener;
  /** The tap redirect. */
  redirect: Handler;
  readiness: () => Promise<ReadinessCheck>;
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Whether the request carries a live session (its body may then be larger). */
  signedIn: (req: IncomingMessage) => Promise<boolean>;
  onError: (error: unknown, req: IncomingMessage) => void;
}

export function createHttpServer(routes: HttpRoutes): Server {
  const failed = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    routes.onError(error, req);
    if (!res.headersSent) sendText(res, 500, 'Internal error');
    else res.destroy();
  };
  const server = createServer((req, res) => {
    try {
      // Most answers (every cached tap) are synchronous: no promise is made for them.
      dispatch(routes, req.url ?? '/', req, res)?.catch((error: unknown) => failed(error, req, res));
    } catch (error) {
      failed(error, req, res);
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

function dispatch(routes: HttpRoutes, url: string, req: IncomingMessage, res: ServerResponse): void | Promise<void> {
  if (url.startsWith('/e?') || url === '/e' || url.startsWith('/e/')) {
    return routes.redirect(req, res);
  }
  if (url.startsWith('/trpc/') || url === '/trpc') {
    const head = {
      url,
      contentLength: req.headers['content-length'],
      chunked: req.headers['transfer-encoding'] !== undefined,
    };
    const anonymous = checkTrpcRequest({ ...head, signedIn: false });
    // Only a body past the anonymous limit that comes with credentials pays for a session lookup.
    if (anonymous.ok || !anonymous.bySize || req.headers.authorization === undefined) {
      return admit(routes, anonymous, req, res);
    }
    return routes
      .signedIn(req)
      .then((signedIn) => admit(routes, signedIn ? checkTrpcRequest({ ...head, signedIn }) : anonymous, req, res));
  }
  const path = url.split('?', 1)[0];
  if (path === '/healthz') return sendJson(res, 200, { ok: true });
  if (path === '/readyz') {
    return routes.readiness().then((state) => sendJson(res, state.ready ? 200 : 503, state));
  }
  if (path === '/metrics' && routes.metrics) {
    return routes.metrics().then(({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    });
  }
  return sendText(res, 404, 'Not found');
}

const REFUSAL_CODES = { 400: 'BAD_REQUEST', 411: 'LENGTH_REQUIRED', 413: 'PAYLOAD_TOO_LARGE' } as const;

function admit(routes: HttpRoutes, verdict: LimitVerdict, req: IncomingMessage, res: ServerResponse) {
  if (verdict.ok) return routes.trpc(req, res);
  // Answered without reading the body; the connection closes so the rest of it is never read either.
  res.writeHead(verdict.status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ error: { message: verdict.message, code: REFUSAL_CODES[verdict.status] } }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
