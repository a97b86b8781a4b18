/**
 * Vitest global setup: finds (or starts) the real PostgreSQL and Redis the tests talk to, once per run,
 * and hands their URLs to test files through `inject('pgAdminUrl')` / `inject('redisUrl')`.
 * Each test file then makes its own database (see `test/databases.ts`) and its own Redis key prefix.
 *
 * Order of preference: TEST_DATABASE_URL / TEST_REDIS_URL; a server already answering on the standard
 * local port; a server the run starts itself (embedded PostgreSQL from npm, a spare-port redis-server).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlainError } from '@sparkmotion/shared/errors';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../cloud/src/db/embedded-postgres.ts';
import { freePort } from '../cloud/src/net/free-port.ts';

export { freePort };

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    redisUrl: string;
  }
}

export async function setup(project: TestProject) {
  const stops: Array<() => Promise<void>> = [];
  const pgAdminUrl = await findPostgres(stops);
  const redisUrl = await findRedis(stops);
  project.provide('pgAdminUrl', pgAdminUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

async function findPostgres(stops: Array<() => Promise<void>>): Promise<string> {
  const candidate = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(candidate)) return candidate;
  if (process.env.TEST_DATABASE_URL) {
    throw new PlainError(
      `TEST_DATABASE_URL does not answer: ${candidate}`,
      'Start that PostgreSQL, or unset TEST_DATABASE_URL to use 127.0.0.1:5432 or an embedded one.',
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'sparkmotion-test-pg-'));
  const server = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
  stops.push(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return server.adminUrl;
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function findRedis(stops: Array<() => Promise<void>>): Promise<string> {
  const candidate = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(candidate);
  if (await tcpAnswers(hostname, Number(port || 6379))) return candidate;
  if (process.env.TEST_REDIS_URL) {
    throw new PlainError(
      `TEST_REDIS_URL does not answer: ${candidate}`,
      'Start that Redis, or unset TEST_REDIS_URL to use 127.0.0.1:6379 or a redis-server on a spare port.',
    );
  }

  const spare = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(spare), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  child.on('error', (error) => {
    throw new PlainError(
      `no Redis answers and redis-server could not start (${error.message})`,
      'Run: bash scripts/ensure-test-services.sh',
    );
  });
  stops.push(async () => {
    child.kill();
  });
  for (let i = 0; i < 100 && !(await tcpAnswers('127.0.0.1', spare)); i++) await sleep(50);
  return `redis://127.0.0.1:${spare}`;
}

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
