import type { IncomingMessage } from 'node:http';

/**
 * The client's IP: the socket's peer, or behind a trusted load balancer (`TRUST_PROXY`) the last hop of the
 * last `X-Forwarded-For` header, the one the load balancer appended (earlier hops are the client's word).
 * Shared by the redirect (rate flags, privacy) and the API (password throttle per client), which must agree.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = rawHeader(req, 'x-forwarded-for', 'last');
    if (forwarded) {
      const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
      if (last) return last;
    }
  }
  return req.socket.remoteAddress ?? '';
}

/**
 * One header, read from `rawHeaders`: the first `req.headers` read builds an object of every header
 * the phone sent, on every tap. `first`/`last` pick among repeats as `req.headers` would (user-agent
 * keeps the first; x-forwarded-for joins them, so its last hop is in the last one).
 */
export function rawHeader(req: IncomingMessage, lowerCaseName: string, which: 'first' | 'last'): string | undefined {
  const raw = req.rawHeaders;
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName) {
      found = raw[i + 1];
      if (which === 'first') return found;
    }
  }
  return found;
}
