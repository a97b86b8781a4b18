/**
 * Stops the HTTP server the way a rolling restart or a scale-down needs (SIGTERM from Docker or
 * Kubernetes): stop accepting connections, let the requests in flight finish (each tap is in the spool
 * before its 302 leaves, so a finished request is a kept tap), close keep-alive connections as soon as
 * they are idle so the load balancer moves on, and cut whatever is still open after `graceMs`.
 */
import type { Server } from 'node:http';

const SWEEP_MS = 50;

export function closeGracefully(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    // Requests that arrive on an open connection from now on are answered, then that connection closes.
    server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
    // A request in flight when the close began leaves its connection idle once answered: sweep those.
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
  });
}
