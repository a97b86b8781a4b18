/**
 * `npm run ship-taps -w @sparkmotion/cloud`: the tap shipper as a sidecar process, for redirect
 * processes started with `TAP_SHIPPER=external`. It ships every process's local tap log in
 * `$DATA_DIR/taps` (live ones and dead ones) into TapLog, with the same idempotent flusher, so the
 * redirect processes spend their CPU on redirects only. Run one per machine (per DATA_DIR); a second
 * one is harmless (batches are idempotent) but wasteful.
 */
import { join } from 'node:path';
import { PlainError } from '@sparkmotion/shared/errors';
import { loadConfig } from '../config.ts';
import { createPgPool } from '../db/pg-pool.ts';
import { createCloudErrorReporter, reportAndFlush, reportingLogger } from '../observability/error-reporting.ts';
import { exitPlainlyOnFailure } from '../process/exit-plainly.ts';
import { connectRedis } from '../redis/redis-client.ts';
import { createSecretBox } from '../secrets/secret-box.ts';
import { createTapFlusher } from './tap-flusher.ts';
import { TapShipper } from './tap-shipper.ts';

/**
 * Bigger batches than an in-process shipper's: the sidecar does nothing else, so a longer batch costs
 * no redirect a pause, and each batch's fixed work (band and privacy lookups, the commit, the
 * checkpoint) is spread over ~3,000 taps: PostgreSQL's CPU per tap drops by a quarter against 256 KiB.
 */
const BATCH_BYTES = 1024 * 1024;

const guard = exitPlainlyOnFailure('ship-taps');
const config = loadConfig();
const reporter = createCloudErrorReporter(config.errorReporting, 'ship-taps');
const log = reportingLogger({ level: config.logLevel }, reporter).child({ module: 'ship-taps' });
guard.log = log;
if (reporter) guard.report = reportAndFlush(reporter);
if (!config.database.url) {
  throw new PlainError(
    'DATABASE_URL is unset',
    'Set it to the PostgreSQL the redirect processes use: the sidecar ships their taps there.',
  );
}
const pool = createPgPool(config.database.url, 2, log);
const redis = await connectRedis(config.redis, log);
const secretBox = createSecretBox(config.secrets.keyring);
const { flusher } = createTapFlusher({ pool, redis, keyPrefix: config.redis.keyPrefix, secretBox, log });
const shipper = new TapShipper(
  { dir: join(config.dataDir, 'taps'), owner: null, currentSegment: null },
  flusher.write,
  {
    intervalMs: config.taps.flushIntervalMs,
    batchBytes: Math.max(config.taps.flushBatchBytes, BATCH_BYTES),
    maxBackoffMs: 5_000,
    allOwners: true,
  },
  log,
);
shipper.start();
// Keep the process alive (the shipper's timer is unref'd so it never holds a redirect process open).
const keepAlive = setInterval(() => {}, 60_000);
console.log(JSON.stringify({ shipping: join(config.dataDir, 'taps'), pid: process.pid }));

process.on('SIGTERM', () => {
  clearInterval(keepAlive);
  shipper
    .stop()
    .then(() => shipper.drain())
    .catch(() => {})
    .finally(() => {
      redis?.disconnect();
      pool.end().finally(() => process.exit(0));
    });
});
