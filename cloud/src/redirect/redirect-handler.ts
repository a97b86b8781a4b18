/**
 * `GET /e?bandId=<id>` and `GET /e/<id>`: the tap redirect. Thin: parse → resolve (memory first) →
 * record the tap in the local log → 302. Everything else happens off the request.
 *
 * Answers:
 * - a band that serves: 302 to the window's URL (or the event's fallback), `Cache-Control: no-store`
 *   so every tap reaches us;
 * - a DISABLED or LOST band: 302 to its event's fallback URL;
 * - unknown or malformed: the friendly 404 page; while the database is down and the band was never
 *   cached: a friendly 503 page ("tap again");
 * - HEAD: the same answer, not recorded (link checkers, not people).
 * Every GET is recorded, orphan taps included, before the answer leaves (see `taps/tap-log.ts`).
 * Never a stack trace: anything unexpected becomes the friendly page and a log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBandId } from '@sparkmotion/shared/bands/band-id';
import type { Logger } from 'pino';
import { clientIp, rawHeader } from '../http/client-ip.ts';
import { applyIpPrivacy, DEFAULT_IP_PRIVACY, type IpPrivacy } from '../taps/enrich.ts';
import { MAX_RAW_BAND_ID, MAX_USER_AGENT, type Tap, type TapOutcome, tapId } from '../taps/tap.ts';
import type { TapLogWriter } from '../taps/tap-log.ts';
import { trustEvidence } from '../trust/evidence.ts';
import type { TrustPolicyGuard } from '../trust/trust-policy.ts';
import { brandedUnavailablePage, NOT_FOUND_PAGE, UNAVAILABLE_PAGE } from './friendly-page.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RedirectMetrics } from './redirect-metrics.ts';
import type { Lookup, RedirectResolver } from './resolver.ts';

export interface RedirectHandlerDeps {
  readonly resolver: RedirectResolver;
  /** Picks the page of taps that look copied or replayed (events with policy FALLBACK). */
  readonly trustGuard: TrustPolicyGuard;
  readonly tapLog: TapLogWriter;
  readonly limiter: RateLimiter;
  readonly metrics: RedirectMetrics;
  readonly log: Logger;
  readonly now: () => number;
  /** Take the client IP from the last `X-Forwarded-For` hop (only behind a trusted load balancer). */
  readonly trustProxy: boolean;
}

/**
 * The IP as the organization keeps it, before the tap reaches the disk (a tap of no known band: the
 * default). The rate limiter counts the full IP, in memory only.
 */
const keptIp = (ip: string, mode: IpPrivacy): string => applyIpPrivacy(ip, mode) ?? '';

export function createRedirectHandler(deps: RedirectHandlerDeps) {
  const { resolver, trustGuard, tapLog, limiter, metrics, log, now, trustProxy } = deps;

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    lookup: Lookup | null,
    at: number,
    started: number,
  ) => {
    let outcome: TapOutcome;
    let location: string | null = null;
    let tap: Tap | undefined;
    const record = req.method === 'GET';
    // Only a known band's page can wear its organization's branding (an unknown band has no organization).
    let branding: unknown;
    if (lookup === null) outcome = 'MALFORMED';
    else if (lookup.kind === 'unknown') outcome = 'UNKNOWN';
    else if (lookup.kind === 'unavailable') outcome = 'UNAVAILABLE';
    else {
      const { band, event, resolution, taps } = lookup;
      const evidence = trustEvidence(req.url ?? '');
      // Tap trust: an event may send copied/replayed taps to its fallback (pure check, no I/O). A HEAD
      // (link checker) neither consumes a counter nor gets diverted.
      const diverted =
        event.trustPolicy === 'FALLBACK' &&
        band.status === 'ACTIVE' &&
        record &&
        trustGuard.divert(event.trustPolicy, band, new URLSearchParams(evidence ?? ''));
      const serving = band.status === 'ACTIVE' && !diverted;
      outcome = serving || diverted ? 'SERVED' : (band.status as TapOutcome);
      location = serving ? lookup.location : lookup.fallbackLocation;
      // A URL no browser takes (stored before URLs were normalized, and not fixable: the resolver's
      // header-safe form is null) is not served: the tap is recorded as what the attendee gets, the
      // "tap again" page.
      if (location === null) {
        outcome = 'UNAVAILABLE';
        branding = event.branding;
      }
      if (record) {
        const ip = clientIp(req, trustProxy);
        tap = {
          id: tapId(at),
          at,
          bandId: band.bandId,
          outcome,
          eventId: event.id,
          orgId: event.orgId,
          mode: location === null ? null : serving ? resolution.mode : 'FALLBACK',
          windowId: serving && location !== null ? (resolution.windowId ?? null) : null,
          url: location,
          ip: keptIp(ip, event.ipMode ?? DEFAULT_IP_PRIVACY),
          ua: userAgent(req),
          limited: limiter.hit(ip, taps, at),
        };
        if (evidence !== undefined) tap = { ...tap, evidence };
      }
    }
    if (record && tap === undefined) {
      const ip = clientIp(req, trustProxy);
      const bandId = raw.length > MAX_RAW_BAND_ID ? raw.slice(0, MAX_RAW_BAND_ID) : raw;
      tap = {
        id: tapId(at),
        at,
        bandId,
        outcome,
        eventId: null,
        orgId: null,
        mode: null,
        windowId: null,
        url: null,
        ip: keptIp(ip, DEFAULT_IP_PRIVACY),
        ua: userAgent(req),
        limited: limiter.hit(ip, bandId, at),
      };
    }
    const send = () => {
      if (location !== null) {
        res.writeHead(
          302,
          tap
            ? { location, 'cache-control': 'no-store', 'x-tap-id': tap.id }
            : { location, 'cache-control': 'no-store' },
        );
        res.end();
      } else {
        const unavailable = outcome === 'UNAVAILABLE';
        res.writeHead(unavailable ? 503 : 404, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          ...(unavailable ? { 'retry-after': '1' } : {}),
          ...(tap ? { 'x-tap-id': tap.id } : {}),
        });
        const html = unavailable
          ? branding === undefined
            ? UNAVAILABLE_PAGE
            : brandedUnavailablePage(branding)
          : NOT_FOUND_PAGE;
        res.end(req.method === 'HEAD' ? undefined : html);
      }
      metrics.request(outcome, (performance.now() - started) / 1000);
    };
    if (!tap) return send();
    const recorded = tap;
    tapLog.record(recorded, (error) => {
      if (error) {
        // The attendee is never failed: answer anyway, and make the loss loud.
        metrics.tapWriteError();
        log.error({ err: error, tapId: recorded.id }, 'tap could not be written to the local log');
      }
      try {
        send();
      } catch (failure) {
        fail(res, failure, req);
      }
    });
  };

  const fail = (res: ServerResponse, error: unknown, req: IncomingMessage) => {
    log.error({ err: error, url: req.url }, 'redirect failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(NOT_FOUND_PAGE);
  };

  return (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const started = performance.now();
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'cache-control': 'no-store' });
        res.end();
        return;
      }
      const at = now();
      const raw = bandIdOf(req.url ?? '');
      if (raw === undefined || !isBandId(raw)) return answer(req, res, raw ?? '', null, at, started);
      const cached = resolver.lookupSync(raw, at);
      if (cached) return answer(req, res, raw, cached, at, started);
      return resolver.lookup(raw, at).then(
        (lookup) => answer(req, res, raw, lookup, at, started),
        (error: unknown) => fail(res, error, req),
      );
    } catch (error) {
      fail(res, error, req);
    }
  };
}

const QUERY_FORM = '/e?bandId=';

/** The bandId of `/e?bandId=…` or `/e/<id>`; undefined when absent or not decodable. */
export function bandIdOf(url: string): string | undefined {
  try {
    if (url.startsWith('/e/')) {
      const end = url.indexOf('?');
      const segment = end < 0 ? url.slice(3) : url.slice(3, end);
      return segment === '' ? undefined : decodeURIComponent(segment);
    }
    // The form every band's tag carries, answered without building a URLSearchParams (the hot path).
    if (url.startsWith(QUERY_FORM)) {
      const end = url.indexOf('&', QUERY_FORM.length);
      const value = end < 0 ? url.slice(QUERY_FORM.length) : url.slice(QUERY_FORM.length, end);
      if (!value.includes('%') && !value.includes('+')) return value;
    }
    const query = url.indexOf('?');
    if (query < 0) return undefined;
    return new URLSearchParams(url.slice(query + 1)).get('bandId') ?? undefined;
  } catch {
    return undefined;
  }
}

function userAgent(req: IncomingMessage): string {
  const ua = rawHeader(req, 'user-agent', 'first') ?? '';
  return ua.length > MAX_USER_AGENT ? ua.slice(0, MAX_USER_AGENT) : ua;
}
