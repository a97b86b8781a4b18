/**
 * What every process entry point does with a failure that escapes it (the cloud, the ship-taps sidecar,
 * migrate, the console's browser host, the benchmarks): one plain line on stderr saying what failed and
 * what to do, the stack to the log at debug level, exit code 1. Someone who just ran `npm start` reads a
 * sentence, not a stack trace; whoever needs the trace runs with the log at debug level.
 *
 * A rejected top-level await and an unhandled rejection reach `uncaughtException` too (origin
 * 'unhandledRejection'), so one listener covers all three.
 */
import { PlainError } from '@sparkmotion/shared/errors';
import { type Logger, pino } from 'pino';

export type DebugLog = Pick<Logger, 'debug'>;

export interface ProcessGuard {
  /** Where the stack goes, at debug level: a process hands over its own logger once it has one. */
  log: DebugLog;
  /** Reports the failure (an error tracker) before the exit; the exit waits for it. */
  report?: (error: unknown) => Promise<void>;
}

export interface GuardOptions {
  /** The level of the log the guard starts with (until the process hands over its own). */
  level?: string;
  /** The variable that sets the log level, named in the hint for failures without a known remedy. */
  levelVariable?: string;
}

/** A log on stderr: for processes that have no log of their own. */
export const stderrLog = (level: string): Logger => pino({ level }, pino.destination(2));

/** Installs the listener; call it first thing in an entry point, before anything that can fail. */
export function exitPlainlyOnFailure(what: string, options: GuardOptions = {}): ProcessGuard {
  const guard: ProcessGuard = { log: stderrLog(options.level ?? 'info') };
  const debugHint = `The stack is logged at debug level (${options.levelVariable ?? 'LOG_LEVEL'}=debug).`;
  let failed = false;
  process.on('uncaughtException', (error) => {
    if (failed) return;
    failed = true;
    guard.log.debug({ err: error }, `${what} failed`);
    process.stderr.write(`${plainLine(what, error, debugHint)}\n`);
    if (!guard.report) process.exit(1);
    void guard.report(error).finally(() => process.exit(1));
  });
  return guard;
}

/** "<what> failed: <what is wrong>. <what to do>", on one line. */
export function plainLine(what: string, error: unknown, debugHint: string): string {
  const { message, hint } = explain(error, debugHint);
  const sentence = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return `${what} failed: ${sentence}. ${hint}`;
}

interface SystemError {
  code?: string;
  address?: string;
  port?: number;
  path?: string;
  hostname?: string;
  message?: string;
}

function explain(error: unknown, debugHint: string): { message: string; hint: string } {
  if (error instanceof PlainError) return { message: error.message, hint: error.hint };
  // net.connect to a host with several addresses (localhost: ::1 and 127.0.0.1) fails with all of them.
  if (error instanceof AggregateError && error.errors.length > 0) return explain(error.errors[0], debugHint);
  const e = (error ?? {}) as SystemError;
  const at = `${e.address}:${e.port}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return {
        message: `nothing answers at ${at}`,
        hint: 'Start that service, or point its URL (DATABASE_URL, REDIS_URL) at one that runs.',
      };
    case 'EADDRINUSE':
      return { message: `${at} is already in use`, hint: 'Stop what listens there, or choose another port.' };
    case 'ENOTFOUND':
      return { message: `no host named ${e.hostname}`, hint: 'Check the host name in the URL.' };
    case 'EACCES':
    case 'EPERM':
      return {
        message: `permission denied: ${e.path ?? e.message}`,
        hint: 'Run as a user who may use it, or choose another folder (DATA_DIR).',
      };
    case '28P01':
    case '28000':
      return { message: e.message ?? 'PostgreSQL refused the sign-in', hint: 'Check the user and password.' };
    case '3D000':
      return { message: e.message ?? 'no such database', hint: 'Create it (createdb), or fix DATABASE_URL.' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: message || (error as Error).name || 'unknown error', hint: debugHint };
}
