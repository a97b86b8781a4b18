/**
 * The tap pipeline of one cloud process (composed by `createCloud` beside the redirect, which only
 * appends to its log): local tap log → shipper → flusher → TapLog (+ live counters), and the periodic
 * jobs (partitions ahead, IP/user-agent retention, raw-tap retention).
 */
import { join } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RedisClient } from '../redis/redis-client.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { ensurePartitions, eraseExpired, monthsFrom } from './partitions.ts';
import { deleteExpiredTaps } from './raw-retention.ts';
import { createTapFlusher } from './tap-flusher.ts';
import { TapLogWriter } from './tap-log.ts';
import { registerTapPipelineMetrics } from './tap-pipeline-metrics.ts';
import { TapShipper } from './tap-shipper.ts';

export interface TapPipelineOptions {
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
  /** Raw taps of organizations without a setting are deleted after this many days (rollups stay). */
  readonly defaultRawRetentionDays: number;
}

export interface TapPipelineDeps {
  /** Its owner ends it. */
  readonly pool: pg.Pool;
  /** Its owner closes it. */
  readonly redis: RedisClient | undefined;
  readonly redisKeyPrefix: string;
  readonly dataDir: string;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now: () => number;
  readonly options: TapPipelineOptions;
  /** Opens the organizations' sealed tag secrets (tap trust). */
  readonly secretBox: SecretBox;
}

export type TapPipeline = ReturnType<typeof startTapPipeline>;

const HOUR = 3600_000;

export function startTapPipeline(deps: TapPipelineDeps) {
  const { pool, options } = deps;
  const log = deps.log.child({ module: 'taps' });
  const tapLog = new TapLogWriter({ dir: join(deps.dataDir, 'taps'), segmentBytes: options.segmentBytes });
  tapLog.open();
  const { flusher, counters, gate } = createTapFlusher({
    pool,
    redis: deps.redis,
    keyPrefix: deps.redisKeyPrefix,
    secretBox: deps.secretBox,
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
  registerTapPipelineMetrics(deps.registry, {
    pendingBytes: () => shipper.pendingBytes(),
    lagSeconds: () => {
      const oldest = shipper.oldestPendingAt();
      return oldest === undefined ? 0 : Math.max(0, deps.now() - oldest) / 1000;
    },
    landed: () => flusher.inserted,
    shipFailures: () => shipper.stats.failures,
  });

  let closed = false;
  const maintain = async () => {
    try {
      await ensurePartitions(pool, monthsFrom(new Date(deps.now()), 2));
      const erased = await eraseExpired(pool, new Date(deps.now()), options.defaultRetentionDays);
      if (erased) log.info({ erased }, 'erased raw IPs and user agents past retention');
      const expired = await deleteExpiredTaps(pool, new Date(deps.now()), options.defaultRawRetentionDays);
      if (expired.deleted || expired.droppedPartitions.length) log.info(expired, 'deleted raw taps past retention');
    } catch (error) {
      // A run that close() cut short (the pool ends under it, say when the port is taken) did not fail.
      if (!closed) log.warn({ err: error }, 'tap maintenance failed; retrying next hour');
    }
  };
  void maintain();
  const maintenance = setInterval(maintain, HOUR);
  maintenance.unref();
  if (options.shipper === 'inline') shipper.start();

  return {
    tapLog,
    shipper,
    flusher,
    /** Live tap counters in Redis (absent without Redis). */
    counters,
    /** The tap counters' gate (tap trust): the organizer's counter reset clears a band's state there. */
    counterGate: gate,
    /** Lands everything logged so far in TapLog (throws if PostgreSQL cannot take it). */
    drain: () => shipper.drain(),
    async close(): Promise<void> {
      closed = true;
      clearInterval(maintenance);
      await shipper.stop();
      // Best effort: what does not land now stays on disk and is adopted by the next process.
      if (options.shipper === 'inline') await shipper.drain().catch(() => {});
      tapLog.close();
    },
  };
}
