import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { AnyRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { DOWNLOAD_PATH } from '../main/analytics/tap-export.ts';
import { CONTENT_SECURITY_POLICY } from '../main/security.ts';
import { CONSOLE_HEADER, checkRequest, type GuardVerdict, sessionCookieHeader } from './guard.ts';

export interface ConsoleHostOptions<TRouter extends AnyRouter> {
  router: TRouter;
  /** The renderer build (`desktop/out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. The host binds 127.0.0.1 only, whatever else is asked. */
  port?: number;
  /** Fixed secret for tests; a fresh random one per launch otherwise. */
  secret?: string;
  /** Finished exports, each handed out once by id (`/downloads/taps/<id>`) and then removed. */
  takeDownload?: (id: string) => { file: string; filename: string } | null;
}

export interface ConsoleHost {
  /** The URL to open: carries the per-launch secret once. */
  launchUrl: string;
  origin: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
};

/**
 * Browser mode: the same desktop router the Electron window reaches over IPC, served over HTTP (queries,
 * mutations) and WebSocket (subscriptions) on 127.0.0.1, with the renderer build as static files.
 */
export async function startConsoleHost<TRouter extends AnyRouter>(
  options: ConsoleHostOptions<TRouter>,
): Promise<ConsoleHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const trpcHandler = createHTTPHandler({
    router: options.router,
    basePath: '/trpc/',
    createContext: () => ({}),
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const wssHandler = applyWSSHandler({ wss, router: options.router, createContext: () => ({}) });

  let origin = '';
  const guard = (req: IncomingMessage, isUpgrade: boolean): GuardVerdict =>
    checkRequest(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        host: req.headers.host,
        origin: req.headers.origin,
        cookie: req.headers.cookie,
        isUpgrade,
        consoleHeader: req.headers[CONSOLE_HEADER] !== undefined,
      },
      { origin, secret },
    );

  const server = createServer((req, res) => {
    try {
      answer(req, res);
    } catch {
      // Whatever a request holds, the host answers it and stays up.
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request');
    }
  });
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    const verdict = guard(req, false);
    if (verdict.kind === 'refuse') {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' }).end(verdict.reason);
      return;
    }
    if (verdict.kind === 'grant-cookie') {
      res.writeHead(303, { location: verdict.location, 'set-cookie': sessionCookieHeader(secret) }).end();
      return;
    }
    if (req.url?.startsWith('/trpc/')) {
      trpcHandler(req, res);
      return;
    }
    if (req.url?.startsWith(DOWNLOAD_PATH)) {
      serveDownload(options.takeDownload?.(req.url.slice(DOWNLOAD_PATH.length)) ?? null, req, res);
      return;
    }
    serveStatic(options.rendererDir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request');
    });
  };

  server.on('upgrade', (req, socket, head) => {
    let verdict: GuardVerdict;
    try {
      verdict = guard(req, true);
    } catch {
      verdict = { kind: 'refuse', status: 400, reason: 'bad request' };
    }
    if (verdict.kind !== 'allow' || req.url !== '/trpc-ws') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    launchUrl: `${origin}/?secret=${secret}`,
    async close() {
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('cache-control', 'no-store');
}

/** Streams a finished export to the browser (never whole in memory) and removes it once sent or dropped. */
function serveDownload(
  download: { file: string; filename: string } | null,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (req.method !== 'GET' || download === null) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such export');
    return;
  }
  const remove = () => void rm(download.file, { force: true });
  res.once('close', remove);
  const stream = createReadStream(download.file);
  stream.once('error', () => {
    if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end();
  });
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      // The name is built from an event's UUID: nothing to escape.
      'content-disposition': `attachment; filename="${download.filename}"`,
    });
    stream.pipe(res);
  });
}

/** Files of the renderer build; any other path is the single-page app's index. Never leaves `root`. */
async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
  const candidate = normalize(join(root, pathname));
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  let file = join(root, 'index.html');
  if (inside && (await isFile(candidate))) file = candidate;
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end('renderer build missing: run npm run build');
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
