/**
 * The one way a cloud process connects to Redis: a single server, or a Redis Cluster (self-run, or a
 * managed Redis/Valkey in cluster mode) when `REDIS_CLUSTER=true`, with `REDIS_URL` naming any one of
 * its nodes (or a managed configuration endpoint) and the rest discovered. Nothing else changes: every
 * command SparkMotion sends names one key or keys of one hash slot (`{eventId}` tags), which a cluster
 * serves as a single server would.
 *
 * No offline queue: while Redis is unreachable, calls fail at once and the callers carry on without it
 * (the redirect from memory and PostgreSQL; live counters miss what lands meanwhile). A cluster with one
 * master down retries that master's keys for a moment first (ioredis' failover retries). So that a process
 * does not start by missing it, the first connection is waited for, briefly: a Redis that is down at
 * start does not keep the redirect from starting, and is used once it answers.
 */
import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisOptions {
  /** Unset: single instance, no Redis. With `cluster`, any one node of the cluster. */
  readonly url: string | undefined;
  /** A Redis Cluster: its other nodes are discovered from `url`. */
  readonly cluster: boolean;
  readonly keyPrefix: string;
}

export type RedisClient = Redis | Cluster;

const RECONNECT_MAX_MS = 2_000;
const WARN_EVERY_MS = 10_000;
const FIRST_CONNECTION_WAIT_MS = 2_000;

/** Undefined when no Redis is configured (a single instance without it). */
export async function connectRedis(options: RedisOptions, log: Logger): Promise<RedisClient | undefined> {
  if (!options.url) return undefined;
  const retry = (times: number) => Math.min(times * 100, RECONNECT_MAX_MS);
  const client = options.cluster
    ? clusterClient(new URL(options.url), retry)
    : new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: retry });
  let warned = 0;
  client.on('error', (error) => {
    if (Date.now() - warned < WARN_EVERY_MS) return;
    warned = Date.now();
    log.warn({ err: error }, 'redis unavailable; carrying on without it');
  });
  await firstConnection(client);
  return client;
}

function firstConnection(client: RedisClient): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, FIRST_CONNECTION_WAIT_MS);
    client.once('ready', done);
  });
}

function clusterClient(seed: URL, retry: (times: number) => number): Cluster {
  const tls = seed.protocol === 'rediss:';
  return new Cluster([seed.href], {
    enableOfflineQueue: false,
    clusterRetryStrategy: retry,
    // Nodes found through the seed need its credentials and TLS too.
    redisOptions: {
      ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
      ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
      ...(tls ? { tls: {} } : {}),
      maxRetriesPerRequest: 1,
    },
    // Over TLS, connect by the name the certificate carries, not by the address it resolves to (managed
    // clusters' configuration endpoints).
    ...(tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  });
}
