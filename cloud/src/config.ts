/**
 * The cloud's configuration: the environment, parsed and validated once at start. Nothing else reads
 * `process.env`; services get the typed, frozen slice they need.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { type Dsn, optionalDsn } from '@sparkmotion/shared/error-reports/dsn';
import { PlainError } from '@sparkmotion/shared/errors';
import { z } from 'zod';
import type { RedirectOptions } from './redirect/redirect.module.ts';
import type { RedisOptions } from './redis/redis-client.ts';
import type { SecretKeyring } from './secrets/secret-box.ts';
import type { TapPipelineOptions } from './taps/tap-pipeline.ts';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional())
  .optional();

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((value) => value === 'true' || value === '1');

/**
 * `SECRETS_KEYS`: `id:key[,id:key…]`, each key 32 bytes in base64 (`openssl rand -base64 32`). The first
 * wraps new secrets; the others only open what they wrapped until the cloud re-wraps it at start.
 */
const SecretKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '') return undefined;
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',').map((part) => part.trim())) {
      const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_-]+={0,2})$/.exec(entry);
      const key = match ? Buffer.from(match[2]!, 'base64') : null;
      if (!match || key?.length !== 32 || keys.has(match[1]!)) {
        ctx.addIssue({ code: 'custom', message: 'expected id:<32 bytes in base64>, ids unique, comma-separated' });
        return z.NEVER;
      }
      keys.set(match[1]!, key);
    }
    return { currentId: [...keys.keys()][0]!, keys } satisfies SecretKeyring;
  })
  .optional();

/** Without SECRETS_KEYS (a laptop, the demo): a key every checkout shares, which protects nothing. */
const DEVELOPMENT_KEYRING: SecretKeyring = {
  currentId: 'development',
  keys: new Map([['development', createHash('sha256').update('sparkmotion development secrets key').digest()]]),
};

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalUrl,
  DATABASE_READ_REPLICA_URLS: z
    .string()
    .trim()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  REDIS_URL: optionalUrl,
  REDIS_CLUSTER: flag('false'),
  REDIS_KEY_PREFIX: z.string().default('sm:'),
  HUB_BASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: LogLevel.default('info'),
  MIGRATE_ON_START: flag('true'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 30),
  REDIRECT_CACHE_TTL_MS: z.coerce.number().int().positive().default(60_000),
  REDIRECT_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(500_000),
  TAP_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(5_000),
  TAP_RATE_LIMIT_PER_BAND: z.coerce.number().int().positive().default(10),
  TAP_SHIPPER: z.enum(['inline', 'external']).default('inline'),
  TAP_FLUSH_INTERVAL_MS: z.coerce.number().int().positive().default(200),
  TAP_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  TAP_RAW_RETENTION_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  TRUST_PROXY: flag('false'),
  SEED_DEMO: flag('true'),
  SECRETS_KEYS: SecretKeys,
  SENTRY_DSN: optionalDsn,
  SENTRY_ENVIRONMENT: z.string().trim().min(1).default('production'),
  SENTRY_RELEASE: z.string().trim().min(1).default('sparkmotion@0.1.0'),
});

/** Every variable the cloud reads (`.env.example` documents each one, with its default). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

export interface DatabaseOptions {
  /** Unset: the cloud starts an embedded PostgreSQL whose data lives in `embeddedDir`. */
  readonly url: string | undefined;
  /** Read replicas of `url`: analytics reads go there (MikroORM's read connection). */
  readonly replicaUrls: readonly string[];
  readonly embeddedDir: string;
  /** 0 = any free port. */
  readonly embeddedPort: number;
  /** Apply missing migrations at start; false: refuse to start on a schema older than the code. */
  readonly migrateOnStart: boolean;
}

export interface HttpOptions {
  readonly port: number;
  readonly host: string;
}

export interface AuthOptions {
  readonly sessionTtlMs: number;
}

export interface SecretsOptions {
  /** Key-encryption keys of the organizations' tag secrets (secrets/secret-box.ts). */
  readonly keyring: SecretKeyring;
  /** True when SECRETS_KEYS is unset and the shared development key is in use. */
  readonly development: boolean;
}

/** Unexpected errors to a Sentry-compatible endpoint (observability/error-reporting.ts). */
export interface ErrorReportingOptions {
  readonly dsn: Dsn;
  readonly environment: string;
  readonly release: string;
}

export interface CloudConfig {
  readonly http: HttpOptions;
  readonly database: DatabaseOptions;
  readonly redis: RedisOptions;
  /** The base written into bands' URLs (`<hubBaseUrl>/e?bandId=…`). */
  readonly hubBaseUrl: string;
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof LogLevel>;
  readonly auth: AuthOptions;
  /** Seed the demo organization, user, event and bands when they are missing. */
  readonly seedDemo: boolean;
  /** The tap redirect (cache, rate limits, proxies). */
  readonly redirect: RedirectOptions;
  /** The tap pipeline (local log, shipping into TapLog, retention). */
  readonly taps: TapPipelineOptions;
  readonly secrets: SecretsOptions;
  /** Unset without SENTRY_DSN: nothing is reported. */
  readonly errorReporting: ErrorReportingOptions | undefined;
}

export class ConfigError extends PlainError {
  constructor(message: string) {
    super(message, 'Every variable, with its default, is listed in .env.example.');
    this.name = 'ConfigError';
  }
}

/** Parses an environment (default `process.env`); a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CloudConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return deepFreeze({
    http: { port: e.PORT, host: e.HOST },
    database: {
      url: e.DATABASE_URL,
      replicaUrls: e.DATABASE_READ_REPLICA_URLS,
      embeddedDir: resolve(dataDir, 'postgres'),
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
      migrateOnStart: e.MIGRATE_ON_START,
    },
    redis: { url: e.REDIS_URL, cluster: e.REDIS_CLUSTER, keyPrefix: e.REDIS_KEY_PREFIX },
    hubBaseUrl: (e.HUB_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir,
    logLevel: e.LOG_LEVEL,
    auth: { sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000 },
    seedDemo: e.SEED_DEMO,
    secrets: { keyring: e.SECRETS_KEYS ?? DEVELOPMENT_KEYRING, development: !e.SECRETS_KEYS },
    errorReporting: e.SENTRY_DSN
      ? { dsn: e.SENTRY_DSN, environment: e.SENTRY_ENVIRONMENT, release: e.SENTRY_RELEASE }
      : undefined,
    redirect: {
      cache: {
        ttlMs: e.REDIRECT_CACHE_TTL_MS,
        negativeTtlMs: 5_000,
        maxEntries: e.REDIRECT_CACHE_MAX_ENTRIES,
        redisTimeoutMs: 50,
      },
      rateLimits: { perIpPerSecond: e.TAP_RATE_LIMIT_PER_IP, perBandPerSecond: e.TAP_RATE_LIMIT_PER_BAND },
      trustProxy: e.TRUST_PROXY,
      redisTtlSeconds: 600,
    },
    taps: {
      segmentBytes: 16 * 1024 * 1024,
      shipper: e.TAP_SHIPPER,
      flushIntervalMs: e.TAP_FLUSH_INTERVAL_MS,
      flushBatchBytes: 256 * 1024,
      defaultRetentionDays: e.TAP_RETENTION_DAYS,
      defaultRawRetentionDays: e.TAP_RAW_RETENTION_DAYS,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
