/**
 * Builds the redirect of one cloud process (called by `createCloud`, beside the tap pipeline whose log it
 * appends to): the resolver (memory → Redis → PostgreSQL) and the trust policy guard, kept fresh by the
 * invalidation listener, the `/e` handler and its metrics.
 *
 * Redis is optional (single instance without it); when it is down the redirect carries on from memory
 * and PostgreSQL (see `connectRedis`).
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RedisClient } from '../redis/redis-client.ts';
import type { TapLogWriter } from '../taps/tap-log.ts';
import { createTrustPolicyGuard } from '../trust/trust-policy.ts';
import { InvalidationListener } from './invalidation.ts';
import { RateLimiter, type RateLimits } from './rate-limiter.ts';
import { createRedirectHandler } from './redirect-handler.ts';
import { createRedirectMetrics } from './redirect-metrics.ts';
import { PostgresRedirectStore, RedisRedirectCache } from './redirect-store.ts';
import { RedirectResolver, type ResolverOptions } from './resolver.ts';

export interface RedirectOptions {
  readonly cache: ResolverOptions;
  readonly rateLimits: RateLimits;
  readonly trustProxy: boolean;
  /** Redis `band:`/`event:` entries live this long without an invalidation. */
  readonly redisTtlSeconds: number;
}

export interface RedirectModuleDeps {
  /** The invalidation listener holds a connection of its own. */
  readonly databaseUrl: string;
  /** Its owner ends it. */
  readonly pool: pg.Pool;
  /** Its owner closes it. */
  readonly redis: RedisClient | undefined;
  readonly redisKeyPrefix: string;
  /** Where each tap is appended before the answer (the tap pipeline's). */
  readonly tapLog: TapLogWriter;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now: () => number;
  readonly options: RedirectOptions;
}

export type RedirectModule = Awaited<ReturnType<typeof startRedirect>>;

export async function startRedirect(deps: RedirectModuleDeps) {
  const { options, redis } = deps;
  const log = deps.log.child({ module: 'redirect' });
  const resolver = new RedirectResolver(
    new PostgresRedirectStore(deps.pool),
    redis ? new RedisRedirectCache(redis, deps.redisKeyPrefix, options.redisTtlSeconds) : undefined,
    options.cache,
    log,
  );
  const trustGuard = createTrustPolicyGuard();
  const listener = new InvalidationListener(deps.databaseUrl, resolver, trustGuard, log);
  await listener.start();

  const metrics = createRedirectMetrics(deps.registry, {
    cache: () => resolver.stats,
    cacheSize: () => resolver.size.bands + resolver.size.events,
  });
  const handler = createRedirectHandler({
    resolver,
    trustGuard,
    tapLog: deps.tapLog,
    limiter: new RateLimiter(options.rateLimits),
    metrics,
    log,
    now: deps.now,
    trustProxy: options.trustProxy,
  });

  return {
    handler,
    resolver,
    listener,
    close: () => listener.stop(),
  };
}
