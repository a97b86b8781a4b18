/**
 * Unexpected errors of a cloud process, reported to a Sentry-compatible endpoint when SENTRY_DSN is
 * set (off by default). The policy: what a process logs at level error or above with an Error attached
 * is unexpected (tRPC INTERNAL errors, failed requests, a redirect that fell back, a spool that refused
 * a write), and so is an uncaught exception (main.ts hands `reportAndFlush` to the exit guard). What
 * leaves is scrubbed by `@sparkmotion/shared/error-reports`: no IPs, emails, tokens or attendee fields;
 * of the log line's fields only `path` (a tRPC procedure) and `module` go along.
 *
 * A hand-written envelope client rather than @sentry/node: that SDK instruments node:http for request
 * isolation, which costs the redirect's hot path, and brings OpenTelemetry along; this needs ~150 lines.
 */
import { randomUUID } from 'node:crypto';
import { createErrorReporter, type ErrorReporter } from '@sparkmotion/shared/error-reports/reporter';
import { type Logger, type LoggerOptions, pino } from 'pino';
import type { ErrorReportingOptions } from '../config.ts';

const SEND_TIMEOUT_MS = 5_000;
const ERROR_LEVEL = 50;

export function createCloudErrorReporter(
  options: ErrorReportingOptions | undefined,
  processName: string,
): ErrorReporter | undefined {
  if (!options) return undefined;
  return createErrorReporter({
    ...options,
    process: processName,
    runtime: { name: 'node', version: process.version },
    now: () => new Date(),
    newId: () => randomUUID().replaceAll('-', ''),
    send: (url, headers, body) =>
      fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) }),
  });
}

/** A pino logger that also reports each error-level line carrying an Error (`{ err }` or the Error itself). */
export function reportingLogger(
  options: LoggerOptions & { level: string },
  reporter: ErrorReporter | undefined,
): Logger {
  if (!reporter) return pino(options);
  // pino skips the hook of a level it does not log: below LOG_LEVEL=fatal or silent, log errors into a
  // stream that keeps only what LOG_LEVEL asks for, so they are still reported.
  const quiet = (pino.levels.values[options.level] ?? Number.POSITIVE_INFINITY) > ERROR_LEVEL;
  const output = !quiet
    ? pino.destination(1)
    : options.level === 'silent'
      ? { write: () => {} }
      : pino.multistream([{ level: 'fatal', stream: pino.destination(1) }]);
  return pino(
    {
      ...options,
      level: quiet ? 'error' : options.level,
      hooks: {
        logMethod(args, method, level) {
          if (level >= ERROR_LEVEL) {
            const [first, second] = args as unknown[];
            const fields = (first ?? {}) as { err?: unknown; path?: unknown; module?: unknown };
            const error = first instanceof Error ? first : fields.err;
            if (error instanceof Error) {
              const context: Record<string, unknown> = {};
              if (typeof fields.path === 'string') context.path = fields.path;
              if (typeof fields.module === 'string') context.module = fields.module;
              reporter.report(error, { ...(typeof second === 'string' ? { message: second } : {}), context });
            }
          }
          return method.apply(this, args);
        },
      },
    },
    output,
  );
}

/** For the exit guard: report an uncaught failure and give it up to 2 s to leave. */
export function reportAndFlush(reporter: ErrorReporter): (error: unknown) => Promise<void> {
  return (error) => {
    reporter.report(error, { message: 'uncaught exception' });
    return reporter.flush(2_000);
  };
}
