import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminQuery } from '../../../test/databases.ts';
import { freePort } from '../../../test/services.ts';
import { type Cloud, createCloud } from '../app.ts';
import { loadConfig } from '../config.ts';
import { type StartedPostgres, startEmbeddedPostgres } from '../db/embedded-postgres.ts';

// This file runs its own PostgreSQL and Redis on spare ports, so it can stop them under the cloud.
let postgres: StartedPostgres;
let pgDir: string;
let redisPort: number;
let redis: ChildProcess | undefined;
let cloud: Cloud;
let databaseUrl: string;

function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  return new Promise((resolve) => setTimeout(resolve, 300));
}

async function stopRedis(): Promise<void> {
  const child = redis!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  pgDir = await mkdtemp(join(tmpdir(), 'sm-degraded-pg-'));
  const pgPort = await freePort();
  postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, persistent: true });
  await adminQuery(postgres.adminUrl, 'create database sparkmotion');
  databaseUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/sparkmotion`;
  redisPort = await freePort();
  await startRedis();
  cloud = await createCloud(
    loadConfig({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_KEY_PREFIX: 'degraded:',
      DATA_DIR: await mkdtemp(join(tmpdir(), 'sm-degraded-data-')),
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'true',
      TAP_FLUSH_INTERVAL_MS: '100',
    }),
    { migrate: true },
  );
  await cloud.listen();
}, 120_000);

afterAll(async () => {
  await cloud?.close().catch(() => {});
  if (redis?.exitCode === null) await stopRedis();
  await postgres?.stop().catch(() => {});
  await rm(pgDir, { recursive: true, force: true });
}, 120_000);

const tap = async (bandId: string) => {
  const res = await fetch(`${cloud.url}/e?bandId=${bandId}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), id: res.headers.get('x-tap-id')! };
};

async function countLanded(ids: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from tap_log where id = any($1::uuid[])', [ids]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

test('with Redis down, every band still redirects and every tap lands', async () => {
  const [cached, fresh] = cloud.demo!.bandIds as [string, string];
  const warm = await tap(cached);
  expect(warm.status).toBe(302);

  await stopRedis();
  try {
    const ids: string[] = [warm.id];
    for (const bandId of [cached, fresh, cached]) {
      const started = Date.now();
      const answer = await tap(bandId);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(warm.location);
      // No waiting on a dead Redis (a client queueing commands for it would wait for seconds).
      expect(Date.now() - started).toBeLessThan(2000);
      ids.push(answer.id);
    }
    await cloud.taps.drain();
    expect(await countLanded(ids)).toBe(ids.length);
  } finally {
    await startRedis();
  }
});

test('Redis killed mid-traffic: taps keep flowing and landing, /readyz stays ready and reports Redis degraded', async () => {
  // Not the third band: the PostgreSQL test below needs one never cached.
  const bandIds = cloud.demo!.bandIds.slice(0, 2);
  const ids: string[] = [];
  const statuses: number[] = [];
  let stop = false;
  // Eight clients tapping without pause while Redis dies under them.
  const traffic = Array.from({ length: 8 }, async (_, client) => {
    for (let i = 0; !stop; i++) {
      const answer = await tap(bandIds[(client + i) % bandIds.length]!);
      statuses.push(answer.status);
      ids.push(answer.id);
    }
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopRedis();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ready = await fetch(`${cloud.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      degraded: ['redis'],
      checks: { tapLog: 'ok', postgres: 'ok', redis: 'down' },
    });
    const metrics = await (await fetch(`${cloud.url}/metrics`)).text();
    expect(metrics).toContain('sparkmotion_dependency_up{dependency="redis"} 0');
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    stop = true;
    await Promise.all(traffic);
    await startRedis();
  }
  expect(statuses.length).toBeGreaterThan(50);
  expect(statuses.filter((status) => status !== 302)).toEqual([]);
  await cloud.taps.drain();
  expect(await countLanded(ids)).toBe(ids.length);
});

test('with PostgreSQL down, cached bands still redirect and every tap is kept until it is back', async () => {
  const [cached, , neverSeen] = cloud.demo!.bandIds as [string, string, string];
  const warm = await tap(cached);
  expect(warm.status).toBe(302);

  await postgres.stop();
  const ids: string[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const answer = await tap(cached);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(warm.location);
      ids.push(answer.id);
    }
    // A band never cached cannot be resolved now: a friendly page, and its tap is kept too.
    const unresolved = await fetch(`${cloud.url}/e?bandId=${neverSeen}`, { redirect: 'manual' });
    expect(unresolved.status).toBe(503);
    expect(await unresolved.text()).toContain('tap again');
    ids.push(unresolved.headers.get('x-tap-id')!);
    await expect(cloud.taps.drain()).rejects.toThrow();
    expect(cloud.taps.shipper.pendingBytes()).toBeGreaterThan(0);
  } finally {
    await postgres.start();
  }
  await expect.poll(() => countLanded(ids).catch(() => -1), { timeout: 20_000, interval: 200 }).toBe(ids.length);
  // The tap answered while the database was down is attributed to its band's event after the fact.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query('select outcome, event_id from tap_log where id = $1', [ids.at(-1)]);
  await client.end();
  expect(rows[0]).toEqual({ outcome: 'UNAVAILABLE', event_id: cloud.demo!.eventId });
});
