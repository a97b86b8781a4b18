/**
 * The console's main process reports what escapes it (an uncaught exception, an unhandled rejection)
 * to a Sentry-compatible endpoint when SENTRY_DSN is set, then exits as Node would. Off by default.
 * What leaves is scrubbed by `@sparkmotion/shared/error-reports`: no IPs, emails, tokens or attendee
 * fields. The transport is the caller's: Electron's `net.fetch` (the system's proxies and
 * certificates), or Node's fetch.
 */
import { randomUUID } from 'node:crypto';
import type { Dsn } from '@sparkmotion/shared/error-reports/dsn';
import { createErrorReporter } from '@sparkmotion/shared/error-reports/reporter';

const FLUSH_MS = 2_000;

export function reportUnexpectedErrors(
  options: { dsn: Dsn } | undefined,
  post: (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<unknown>,
): void {
  if (!options) return;
  const reporter = createErrorReporter({
    dsn: options.dsn,
    release: 'sparkmotion-desktop@0.1.0',
    environment: 'production',
    process: 'desktop-main',
    runtime: { name: 'node', version: process.version },
    now: () => new Date(),
    newId: () => randomUUID().replaceAll('-', ''),
    send: (url, headers, body) => post(url, { method: 'POST', headers, body }),
  });
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    reporter.report(error, { message: 'uncaught exception' });
    process.stderr.write(`SparkMotion console: ${error instanceof Error ? error.stack : String(error)}\n`);
    void reporter.flush(FLUSH_MS).finally(() => process.exit(1));
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
