/**
 * Builds the redirect and its tap pipeline for one cloud process (called by `createCloud`):
 * local tap log → shipper → flusher → TapLog (+ live counters), resolver (memory → Redis →
 * PostgreSQL) kept fresh by the invalidation listener, the `/e` handler, metrics, and the periodic
 * jobs (partitions ahead, IP/user-agent retention).
 *
 * Redis is optional (single instance without it); when it is down the redirect carries on from memory
 * and PostgreSQL (see `connectRedis`).
 */
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createRedirectMetrics } from '../metrics/redirect-metrics.ts';
import type { RedisClient } from '../redis/redis-client.ts';
import { ensurePartitions, eraseExpired, monthsFrom } from '../taps/partitions.ts';
import { createTapFlusher } from '../taps/tap-flusher.ts';
import { TapLogWriter } from '../taps/tap-log.ts';
import { TapShipper } from '../taps/tap-shipper.ts';
import { InvalidationListener } from './invalidation.ts';
import { RateLimiter, type RateLimits } from './rate-limiter.ts';
import { createRedirectHandler } from './redirect-handler.ts';
import { PostgresRedirectStore, RedisRedirectCache } from './redirect-store.ts';
import { RedirectResolver, type ResolverOptions } from './resolver.ts';

export interface RedirectOptions {
  readonly cache: ResolverOptions;
  readonly rateLimits: RateLimits;
  readonly trustProxy: boolean;
  /** Local tap log segment size before rotation. */
  readonly segmentBytes: number;
  /**
   * `inline`: this process ships its own local log into TapLog. `external`: a `ship-taps` sidecar on
   * the same DATA_DIR does (this process only writes the log; taps of a dead process are adopted by
   * whichever shipper runs).
   */
  readonly shipper: 'inline' | 'external';
  /** How often the shipper drains the local log into TapLog. */
  readonly flushIntervalMs: number;
  readonly flushBatchBytes: number;
  /** Raw IPs and user agents of organizations without a setting are erased after this many days. */
  readonly defaultRetentionDays: number;
  /** Redis `band:`/`event:` entries live this long without an invalidation. */
  readonly redisTtlSeconds: number;
}

export const DEFAULT_REDIRECT_OPTIONS: RedirectOptions = Object.freeze({
  cache: Object.freeze({ ttlMs: 60_000, negativeTtlMs: 5_000, maxEntries: 500_000, redisTimeoutMs: 50 }),
  rateLimits: Object.freeze({ perIpPerSecond: 5_000, perBandPerSecond: 10 }),
  trustProxy: false,
  segmentBytes: 16 * 1024 * 1024,
  shipper: 'inline',
  flushIntervalMs: 200,
  flushBatchBytes: 256 * 1024,
  defaultRetentionDays: 30,
  redisTtlSeconds: 600,
});

export interface RedirectModuleDeps {
  readonly databaseUrl: string;
  /** Its owner closes it. */
  readonly redis: RedisClient | undefined;
  readonly redisKeyPrefix: string;
  readonly dataDir: string;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now: () => number;
  readonly options?: RedirectOptions;
}

export type RedirectModule = Awaited<ReturnType<typeof startRedirect>>;

const HOUR = 3600_000;

export async function startRedirect(deps: RedirectModuleDeps) {
  const options = deps.options ?? DEFAULT_REDIRECT_OPTIONS;
  const log = deps.log.child({ module: 'redirect' });
  const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 4, connectionTimeoutMillis: 2000 });
  // An idle connection dying (PostgreSQL restarted) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error }, 'redirect pool: connection lost'));

  const { redis } = deps;
  const resolver = new RedirectResolver(
    new PostgresRedirectStore(pool),
    redis ? new RedisRedirectCache(redis, deps.redisKeyPrefix, options.redisTtlSeconds) : undefined,
    options.cache,
    log,
  );
  const listener = new InvalidationListener(deps.databaseUrl, resolver, log);
  await listener.start();

  const tapLog = new TapLogWriter({ dir: join(deps.dataDir, 'taps'), segmentBytes: options.segmentBytes });
  tapLog.open();
  const { flusher, counters } = createTapFlusher({
    pool,
    redis,
    keyPrefix: deps.redisKeyPrefix,
    registry: deps.registry,
    log,
  });
  const shipper = new TapShipper(
    tapLog,
    flusher.write,
    { intervalMs: options.flushIntervalMs, batchBytes: options.flushBatchBytes, maxBackoffMs: 5_000 },
    log,
    deps.now,
  );

  const metrics = createRedirectMetrics(deps.registry, {
    cache: () => resolver.stats,
    cacheSize: () => resolver.size.bands + resolver.size.events,
    pendingBytes: () => shipper.pendingBytes(),
    lagSeconds: () => shipper.stats.lagMs / 1000,
    landed: () => flusher.inserted,
    shipFailures: () => shipper.stats.failures,
  });
  const handler = createRedirectHandler({
    resolver,
    tapLog,
    limiter: new RateLimiter(options.rateLimits),
    metrics,
    log,
    now: deps.now,
    trustProxy: options.trustProxy,
  });

  const maintain = async () => {
    try {
      await ensurePartitions(pool, monthsFrom(new Date(deps.now()), 2));
      const erased = await eraseExpired(pool, new Date(deps.now()), options.defaultRetentionDays);
      if (erased) log.info({ erased }, 'erased raw IPs and user agents past retention');
    } catch (error) {
      log.warn({ err: error }, 'tap maintenance failed; retrying next hour');
    }
  };
  void maintain();
  const maintenance = setInterval(maintain, HOUR);
  maintenance.unref();
  if (options.shipper === 'inline') shipper.start();

  return {
    handler,
    resolver,
    tapLog,
    shipper,
    flusher,
    listener,
    counters,
    pool,
    /** Lands everything logged so far in TapLog (throws if PostgreSQL cannot take it). */
    drain: () => shipper.drain(),
    async close(): Promise<void> {
      clearInterval(maintenance);
      await shipper.stop();
      // Best effort: what does not land now stays on disk and is adopted by the next process.
      if (options.shipper === 'inline') await shipper.drain().catch(() => {});
      tapLog.close();
      await listener.stop();
      await pool.end().catch(() => {});
    },
  };
}
