/**
 * Reports unexpected errors to a Sentry-compatible endpoint. The process brings the transport (`send`,
 * an HTTP POST), the clock and the ids; this decides what is sent (events built and scrubbed by
 * event.ts) and how often: a dependency that is down can fail every request, so reports beyond
 * `maxPerMinute` are dropped. Reporting never throws and never waits on the caller's path.
 */
import { type Dsn, sentryAuthHeader } from './dsn.ts';
import { envelope, errorEvent } from './event.ts';

export interface ErrorReporterDeps {
  readonly dsn: Dsn;
  readonly release: string;
  readonly environment: string;
  readonly process: string;
  readonly runtime: { name: string; version: string };
  readonly now: () => Date;
  /** 32 hex characters. */
  readonly newId: () => string;
  readonly send: (url: string, headers: Record<string, string>, body: string) => Promise<unknown>;
  readonly maxPerMinute?: number;
}

export interface ErrorReporter {
  report(error: unknown, info?: { message?: string; context?: Record<string, unknown> }): void;
  /** Waits for the reports on their way, at most `timeoutMs` (before a process exits). */
  flush(timeoutMs: number): Promise<void>;
}

export function createErrorReporter(deps: ErrorReporterDeps): ErrorReporter {
  const maxPerMinute = deps.maxPerMinute ?? 30;
  const headers = {
    'content-type': 'application/x-sentry-envelope',
    'x-sentry-auth': sentryAuthHeader(deps.dsn, 'sparkmotion/1'),
  };
  const inFlight = new Set<Promise<unknown>>();
  let windowStart = Number.NEGATIVE_INFINITY;
  let inWindow = 0;
  return {
    report(error, info = {}) {
      const now = deps.now();
      if (now.getTime() - windowStart >= 60_000) {
        windowStart = now.getTime();
        inWindow = 0;
      }
      if (inWindow >= maxPerMinute) return;
      inWindow++;
      try {
        const event = errorEvent(error, { ...deps, eventId: deps.newId(), now, ...info });
        const sending = deps
          .send(deps.dsn.envelopeUrl, headers, envelope(event, deps.dsn, now))
          .catch(() => {})
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      } catch {
        // A report must never become the failure.
      }
    },
    async flush(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(inFlight), timeout]);
      clearTimeout(timer);
    },
  };
}
