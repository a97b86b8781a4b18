/**
 * A real cloud for a test: its own database (cloned from the migrated template), its own Redis key prefix,
 * a free port, the demo seed, and the demo OWNER signed in. Use from any vitest project whose globalSetup is
 * `test/services.ts` (cloud and desktop):
 *
 *   const cloud = await startTestCloud();
 *   afterAll(() => cloud.close());
 *   await cloud.client.events.list.query({ orgId: cloud.orgId });
 *
 * A test file that needs one cloud for all its tests calls `useTestCloud()` (use-test-cloud.ts) instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase, testRedisPrefix } from '../../../test/databases.ts';
import { freePort } from '../../../test/services.ts';
import { type Cloud, createCloud } from '../../src/app.ts';
import { type CloudConfig, loadConfig } from '../../src/config.ts';
import type { DemoInfo } from '../../src/demo/demo-seed.ts';
import type { AppRouter } from '../../src/trpc/app-router.ts';
import { appRouter } from '../../src/trpc/app-router.ts';
import { createContextInner } from '../../src/trpc/context.ts';
import { createCallerFactory } from '../../src/trpc/init.ts';
import { migratedTemplate } from './template-database.ts';

export interface TestCloudOptions {
  /** Extra environment for `loadConfig` (e.g. `{ REDIS_URL: '' }` for a cloud without Redis). */
  env?: Record<string, string>;
  /** Pins the clock of procedures. */
  now?: () => Date;
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestCloud {
  cloud: Cloud;
  config: CloudConfig;
  url: string;
  /** The database URL of this cloud alone. */
  databaseUrl: string;
  demo: DemoInfo;
  /** The demo organization's id. */
  orgId: string;
  /** The demo OWNER's session token. */
  token: string;
  /** An in-process caller signed in as the demo OWNER. */
  owner: Caller;
  /** A small pool on this cloud's database, for what a test reads or arranges behind the API's back. */
  db: pg.Pool;
  /** Typed tRPC client over HTTP, signed in as the demo OWNER. */
  client: TRPCClient<AppRouter>;
  /** A typed tRPC client over HTTP with the given token (or none), sending `headers` too (e.g. X-Forwarded-For). */
  clientFor(token: string | null, headers?: Record<string, string>): TRPCClient<AppRouter>;
  /** An in-process caller (no HTTP) with the given token (or none); default the demo OWNER. */
  caller(token?: string | null): Promise<Caller>;
  /** Registers a fresh user, signs them in, and returns their token, user id and an in-process caller. */
  newUser(name?: string): Promise<{ token: string; userId: string; email: string; password: string; caller: Caller }>;
  /** A new event of the demo organization (UTC, a fallback URL), created by the demo OWNER. */
  newEvent(name?: string): ReturnType<Caller['events']['create']>;
  /**
   * Another cloud process on this one's database and Redis prefix, as behind a load balancer (same options,
   * its own port and DATA_DIR, no demo seed), listening; closed with this one.
   */
  anotherInstance(): Promise<Cloud>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const database = await createTestDatabase({ template: await migratedTemplate() });
  const dataDir = await mkdtemp(join(tmpdir(), 'sparkmotion-test-cloud-'));
  const env = {
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: testRedisPrefix(),
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    ...env,
    ...options.env,
  });
  const others: Array<{ cloud: Cloud; dataDir: string }> = [];
  let cloud: Cloud | undefined;
  try {
    cloud = await createCloud(config, { migrate: false, ...(options.now ? { now: options.now } : {}) });
    const url = await cloud.listen();
    const running = cloud;
    const demo = cloud.demo!;
    const deps = running.contextDeps;
    // A fresh context (and EntityManager fork) per call, as over HTTP: a failed call leaves nothing behind.
    const caller = async (token: string | null = null, clientIp = '127.0.0.1') =>
      createCaller(() => createContextInner({ deps, token, clientIp }));
    const login = await (await caller()).auth.login({ email: demo.email, password: demo.password });
    const owner = await caller(login.token);
    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    const clientFor = (token: string | null, headers: Record<string, string> = {}) =>
      createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url: `${url}/trpc`,
            headers: () => (token ? { ...headers, authorization: `Bearer ${token}` } : headers),
          }),
        ],
      });
    return {
      cloud: running,
      config,
      url,
      databaseUrl: database.url,
      demo,
      orgId: demo.orgId,
      token: login.token,
      owner,
      db,
      client: clientFor(login.token),
      clientFor,
      caller: (token = login.token) => caller(token),
      async newUser(name = 'Test User') {
        userCounter += 1;
        const email = `user${userCounter}-${Date.now()}@test.sparkmotion.dev`;
        const password = 'correct horse battery';
        // Each from an address of its own (198.18.0.0/15, for tests): new accounts are counted per client IP.
        const anonymous = await caller(null, `198.18.${userCounter >> 8}.${userCounter & 255}`);
        await anonymous.auth.register({ email, name, password });
        const signedIn = await anonymous.auth.login({ email, password });
        return {
          token: signedIn.token,
          userId: signedIn.user.id,
          email,
          password,
          caller: await caller(signedIn.token),
        };
      },
      newEvent: (name = 'Test event') =>
        owner.events.create({
          orgId: demo.orgId,
          name,
          timezone: 'UTC',
          fallbackUrl: 'https://example.com/fallback',
        }),
      async anotherInstance() {
        const other = { dataDir: await mkdtemp(join(tmpdir(), 'sparkmotion-test-instance-')) };
        const otherConfig = loadConfig({
          ...env,
          ...options.env,
          PORT: String(await freePort()),
          DATA_DIR: other.dataDir,
          SEED_DEMO: 'false',
        });
        const started = await createCloud(otherConfig, { migrate: false });
        others.push({ ...other, cloud: started });
        await started.listen();
        return started;
      },
      async close() {
        for (const other of others) {
          await other.cloud.close();
          await rm(other.dataDir, { recursive: true, force: true });
        }
        // pg-pool's end() resolves before its clients' sockets close; dropping the database then ends a socket
        // still closing with an 'error' the idle pool re-emits, which would fail a test that already passed.
        db.on('error', () => {});
        await db.end();
        await running.close();
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cloud?.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
