/**
 * `createCloud(config)`: config → PostgreSQL (external or embedded) → ORM (+ migrations, + demo seed) →
 * Redis (optional) → tap pipeline → redirect → tRPC → HTTP. Used by `main.ts` and by every test that
 * needs a real cloud.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { LoginThrottle } from './auth/login-throttle.ts';
import type { CloudConfig } from './config.ts';
import { type RunningDatabase, startDatabase } from './db/database.ts';
import { createOrm, migrateUp, type Orm } from './db/orm.ts';
import { createPgPool } from './db/pg-pool.ts';
import { requireCurrentSchema, withStartLock } from './db/schema-at-start.ts';
import { type DemoInfo, seedDemo } from './demo/demo-seed.ts';
import { closeGracefully } from './http/graceful-close.ts';
import { createReadiness } from './http/readiness.ts';
import { MAX_BATCH, MAX_BODY_BYTES } from './http/request-limits.ts';
import { createHttpServer } from './http/server.ts';
import { createLoginMetrics, registerReadinessMetrics } from './metrics/cloud-metrics.ts';
import { createCloudErrorReporter, reportingLogger } from './observability/error-reporting.ts';
import { type RedirectModule, startRedirect } from './redirect/redirect.module.ts';
import { connectRedis } from './redis/redis-client.ts';
import { createSecretBox } from './secrets/secret-box.ts';
import { startTapPipeline, type TapPipeline } from './taps/tap-pipeline.ts';
import { appRouter } from './trpc/app-router.ts';
import { type ContextDeps, createContextFactory, hasLiveSession } from './trpc/context.ts';
import { sealOrgSecrets } from './trust/org-secrets.ts';

/** Requests in flight at shutdown get this long to finish (Docker's and Kubernetes' grace periods are longer). */
const CLOSE_GRACE_MS = 5_000;

export interface CloudOptions {
  logger?: Logger;
  /** Apply pending migrations at start (else refuse an older schema). Default: `MIGRATE_ON_START`. */
  migrate?: boolean;
  now?: () => Date;
}

export interface Cloud {
  readonly config: CloudConfig;
  readonly orm: Orm;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly database: RunningDatabase;
  /** Set when the demo seed ran (config.seedDemo). */
  readonly demo: DemoInfo | null;
  readonly server: Server;
  /** What tRPC procedures get: for in-process callers (`createContextInner({ deps })`). */
  readonly contextDeps: ContextDeps;
  /** The tap redirect (resolver, invalidation listener, `/e` handler). */
  readonly redirect: RedirectModule;
  /** The tap pipeline (local tap log, shipper into TapLog, live counters, retention). */
  readonly taps: TapPipeline;
  /** `http://host:port` once listening. */
  readonly url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createCloud(config: CloudConfig, options: CloudOptions = {}): Promise<Cloud> {
  const logger =
    options.logger ??
    reportingLogger({ level: config.logLevel }, createCloudErrorReporter(config.errorReporting, 'cloud'));
  const now = options.now ?? (() => new Date());
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error) => logger.error({ err: error }, 'close'));
  };

  try {
    const database = await startDatabase(config.database);
    closers.push(() => database.stop());
    if (database.embeddedDir) logger.info({ dir: database.embeddedDir }, 'embedded PostgreSQL started');

    const orm = await createOrm({ url: database.url, replicaUrls: config.database.replicaUrls });
    closers.push(() => orm.close());
    const demo = await withStartLock(database.url, async () => {
      if (options.migrate ?? config.database.migrateOnStart) {
        const applied = await migrateUp(orm);
        if (applied.length) logger.info({ applied }, 'migrations applied');
      } else {
        await requireCurrentSchema(orm);
      }
      return config.seedDemo ? seedDemo(orm.em.fork(), now()) : null;
    });
    const secretBox = createSecretBox(config.secrets.keyring);
    if (config.secrets.development) {
      logger.warn('SECRETS_KEYS is unset: tag secrets are sealed with the shared development key (docs/secrets.md)');
    }
    const connection = orm.em.getConnection();
    const sealed = await sealOrgSecrets((sql, params) => connection.execute(sql, params), secretBox);
    if (sealed.changed) logger.info({ sealed: sealed.changed, keyId: secretBox.currentKeyId }, 'tag secrets sealed');
    if (sealed.unreadable.length) {
      logger.error({ rows: sealed.unreadable }, 'tag secrets no key of SECRETS_KEYS opens (docs/secrets.md)');
    }

    const redis = await connectRedis(config.redis, logger);
    if (redis) closers.push(async () => redis.disconnect());
    else logger.info('REDIS_URL is unset: running as a single instance without Redis');

    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });

    // The redirect's store, the flusher and tap maintenance share one small pool beside the ORM's.
    const pool = createPgPool(database.url, 4, logger);
    closers.push(() => pool.end());
    const clock = options.now ? () => now().getTime() : Date.now;
    const taps = startTapPipeline({
      pool,
      redis,
      redisKeyPrefix: config.redis.keyPrefix,
      dataDir: config.dataDir,
      registry: metrics,
      log: logger,
      now: clock,
      options: config.taps,
      secretBox,
    });
    closers.push(() => taps.close());
    const redirect = await startRedirect({
      databaseUrl: database.url,
      pool,
      redis,
      redisKeyPrefix: config.redis.keyPrefix,
      tapLog: taps.tapLog,
      registry: metrics,
      log: logger,
      now: clock,
      options: config.redirect,
    });
    closers.push(() => redirect.close());
    const deps: ContextDeps = {
      orm,
      config,
      logger,
      now,
      liveTaps: taps.counters,
      counterGate: taps.counterGate,
      secretBox,
      loginThrottle: new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000, ...createLoginMetrics(metrics) }),
      newAccountThrottle: new LoginThrottle({
        maxFailures: 10,
        windowMs: 60 * 60_000,
        message: 'Too many new accounts from this network; try again later',
      }),
    };
    const trpc = createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      // The backstop for bodies without a length; request-limits.ts answers the others before reading.
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH,
      createContext: createContextFactory(deps),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path }, 'tRPC error');
      },
    });

    const readiness = createReadiness({
      tapLogWritable: () => taps.tapLog.writable,
      postgres: () => orm.em.getConnection().execute('select 1'),
      redis: redis ? () => redis.ping() : undefined,
    });
    registerReadinessMetrics(metrics, readiness);
    const server = createHttpServer({
      trpc,
      redirect: redirect.handler,
      readiness,
      metrics: async () => ({ contentType: metrics.contentType, body: await metrics.metrics() }),
      signedIn: (req) => hasLiveSession(deps, req),
      onError: (error, req) => logger.error({ err: error, url: req.url }, 'request failed'),
    });

    let url = '';
    return {
      config,
      orm,
      logger,
      metrics,
      database,
      demo,
      server,
      contextDeps: deps,
      redirect,
      taps,
      get url() {
        return url;
      },
      listen: () =>
        new Promise<string>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.http.port, config.http.host, () => {
            server.off('error', reject);
            const address = server.address() as AddressInfo;
            const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
            url = `http://${host}:${address.port}`;
            closers.push(() => closeGracefully(server, CLOSE_GRACE_MS));
            resolve(url);
          });
        }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
