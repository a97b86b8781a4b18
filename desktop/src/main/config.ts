import { type Dsn, optionalDsn } from '@sparkmotion/shared/error-reports/dsn';
import { PlainError } from '@sparkmotion/shared/errors';
import { z } from 'zod';

/**
 * The desktop's environment, parsed once at start by a composition root (Electron or browser mode) and
 * handed on as a frozen object. Nothing else in the desktop reads `process.env`.
 */
const Env = z.object({
  /** Where the local store, settings and session live. Electron defaults to its userData folder. */
  SPARKMOTION_DATA_DIR: z.string().min(1).optional(),
  /** Default hub base URL for a fresh install (the operator can change it in Settings). */
  SPARKMOTION_HUB_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  /** Browser mode: the loopback port to listen on; 0 picks a free one. */
  SPARKMOTION_CONSOLE_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  /** Browser mode: where the renderer build is. */
  SPARKMOTION_RENDERER_DIR: z.string().min(1).optional(),
  /** Browser mode: how much the host logs on stderr (a failure's stack is logged at debug). */
  SPARKMOTION_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unexpected errors of the main process go to this Sentry-compatible endpoint; unset: nowhere. */
  SENTRY_DSN: optionalDsn,
});

export interface DesktopConfig {
  dataDir: string | undefined;
  hubBaseUrl: string;
  consolePort: number;
  rendererDir: string | undefined;
  logLevel: string;
  /** Unset without SENTRY_DSN (the default): nothing is reported. */
  errorReporting: { dsn: Dsn } | undefined;
}

export function parseDesktopConfig(env: Record<string, string | undefined>): Readonly<DesktopConfig> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new PlainError(`Invalid desktop environment: ${issues}`, 'Fix or unset the variable named.');
  }
  const e = parsed.data;
  return Object.freeze({
    dataDir: e.SPARKMOTION_DATA_DIR,
    hubBaseUrl: e.SPARKMOTION_HUB_BASE_URL,
    consolePort: e.SPARKMOTION_CONSOLE_PORT,
    rendererDir: e.SPARKMOTION_RENDERER_DIR,
    logLevel: e.SPARKMOTION_LOG_LEVEL,
    errorReporting: e.SENTRY_DSN ? { dsn: e.SENTRY_DSN } : undefined,
  });
}
