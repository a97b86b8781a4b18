/**
 * `npm run bench:sync`: 10,000 band registrations queued offline on a desktop, then synced to a real
 * cloud (PostgreSQL + Redis, in this process) through the sync engine: push in batches, then pull the
 * server's rows back into the replica. Times the sync alone (queuing is reported apart), then compares
 * the cloud's database with what was queued: `lost` = queued bands missing in the cloud, `doubled` =
 * extra rows for a queued bandId or tag UID. Last line: one JSON object.
 *
 * Env: BENCH_MUTATIONS (default 10000), BENCH_BATCH (push batch size, default 1000). PostgreSQL/Redis
 * as the tests find them (TEST_DATABASE_URL / TEST_REDIS_URL, the local defaults, or started on spare
 * ports).
 */

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloud } from '@sparkmotion/cloud/app';
import { loadConfig } from '@sparkmotion/cloud/config';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import type { MutationName } from '@sparkmotion/shared/sync/mutations';
import pg from 'pg';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { LocalStore } from '../../desktop/src/main/store/local-store.ts';
import { createSyncEngine } from '../../desktop/src/main/sync/sync-engine.ts';
import { createCloudTransport, type SyncTransport } from '../../desktop/src/main/sync/transport.ts';
import { adminQuery } from '../../test/databases.ts';
import { freePort, setup } from '../../test/services.ts';

exitPlainlyOnFailure('bench:sync', { level: process.env.LOG_LEVEL });

const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);

const provided: Record<string, string> = {};
const teardown = await setup({ provide: (key: string, value: string) => (provided[key] = value) } as never);
const adminUrl = provided.pgAdminUrl!;
const dbName = `sm_bench_sync_${randomBytes(4).toString('hex')}`;
const admin = (sql: string) => adminQuery(adminUrl, sql);
await admin(`create database ${dbName}`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const dir = await mkdtemp(join(tmpdir(), 'sm-bench-sync-'));

const cloud = await createCloud(
  loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: provided.redisUrl,
    REDIS_KEY_PREFIX: `smbench:${randomBytes(4).toString('hex')}:`,
    DATA_DIR: join(dir, 'cloud'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
  }),
  { migrate: true },
);
try {
  const url = await cloud.listen();
  const demo = cloud.demo!;
  const login = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.email, password: demo.password }),
  });
  const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;

  const store = await LocalStore.open({ file: join(dir, 'desktop.sqlite') });
  const queued = Array.from({ length: MUTATIONS }, (_, i) => ({
    name: 'band.register' as MutationName,
    args: {
      bandId: mintBandId(orgBandTag(demo.orgId), (n) => randomBytes(n)),
      uid: `04${randomBytes(6).toString('hex').toUpperCase()}`,
      eventId: demo.eventId,
      stationId: `desk-${i % 8}`,
      registeredAt: new Date().toISOString(),
    },
  }));
  const queueStart = performance.now();
  for (let i = 0; i < queued.length; i += 1000) await store.mutateMany(queued.slice(i, i + 1000));
  const queueSeconds = (performance.now() - queueStart) / 1000;
  console.log(`queued ${MUTATIONS} band registrations offline in ${queueSeconds.toFixed(2)} s`);

  const cloudTransport = createCloudTransport(async () => ({ cloudUrl: url, token, email: demo.email }));
  const timing = { push: 0, pull: 0, pushes: 0, pages: 0 };
  const transport: SyncTransport = {
    async push(request) {
      const t0 = performance.now();
      const response = await cloudTransport.push(request);
      timing.push += performance.now() - t0;
      timing.pushes += 1;
      return response;
    },
    async pull(request) {
      const t0 = performance.now();
      const page = await cloudTransport.pull(request);
      timing.pull += performance.now() - t0;
      timing.pages += 1;
      return page;
    },
  };
  const engine = createSyncEngine({ store, transport, batchSize: BATCH });
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const state = await engine.syncNow();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (state.status !== 'idle') throw new Error(`sync ended ${state.status}: ${state.lastError?.message}`);
  console.log(`synced in ${seconds.toFixed(2)} s (push + pull), pending ${state.pending}`);
  const local = seconds - (timing.push + timing.pull) / 1000;
  console.log(
    `cloud push ${(timing.push / 1000).toFixed(2)} s over ${timing.pushes} batches, cloud pull ${(timing.pull / 1000).toFixed(2)} s over ${timing.pages} pages, local store ${local.toFixed(2)} s`,
  );

  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const bandIds = JSON.stringify(queued.map((q) => q.args.bandId));
  const uids = JSON.stringify(queued.map((q) => q.args.uid));
  const found = await db.query(
    'select count(distinct band_id)::int as n from bands where band_id in (select jsonb_array_elements_text($1::jsonb))',
    [bandIds],
  );
  const byId = await db.query(
    'select coalesce(sum(n - 1), 0)::int as extra from (select count(*) as n from bands where band_id in (select jsonb_array_elements_text($1::jsonb)) group by band_id) x',
    [bandIds],
  );
  const byUid = await db.query(
    'select coalesce(sum(n - 1), 0)::int as extra from (select count(*) as n from bands where uid in (select jsonb_array_elements_text($1::jsonb)) group by uid) x',
    [uids],
  );
  await db.end();
  const localBands = await store.bandCount(demo.eventId);
  await engine.stop();
  await store.close();

  const lost = MUTATIONS - found.rows[0].n;
  const doubled = byId.rows[0].extra + byUid.rows[0].extra;
  console.log(`cloud has ${found.rows[0].n}/${MUTATIONS} queued bands; lost ${lost}, doubled ${doubled}`);
  console.log(`replica holds ${localBands} bands of the event after the pull`);
  console.log(
    JSON.stringify({
      bench: 'sync',
      mutations: MUTATIONS,
      seconds: Number(seconds.toFixed(3)),
      per_second: Math.round(MUTATIONS / seconds),
      lost,
      doubled,
      batch: BATCH,
      queue_seconds: Number(queueSeconds.toFixed(3)),
      push_seconds: Number((timing.push / 1000).toFixed(3)),
      pull_seconds: Number((timing.pull / 1000).toFixed(3)),
      cpu_ms_per_mutation: Number(((cpu.user + cpu.system) / 1000 / MUTATIONS).toFixed(3)),
      pending_after: state.pending,
      replica_bands: localBands,
      within_30s: seconds <= 30,
    }),
  );
} finally {
  await cloud.close();
  await admin(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await rm(dir, { recursive: true, force: true });
  await teardown();
}
