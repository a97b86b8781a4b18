import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { freePort } from '../net/free-port.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dataDir = '';
let closedPort = 0;
let empty: TestDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sm-exit-plainly-'));
  closedPort = await freePort(); // found free and left closed: nothing answers there
  empty = await createTestDatabase();
});
afterAll(async () => {
  await empty?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function run(file: string, env: Record<string, string>, args: string[] = []) {
  const childEnv: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, ...env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL']) if (!(name in env)) delete childEnv[name];
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const closedDatabase = () => `postgres://postgres:postgres@127.0.0.1:${closedPort}/sparkmotion`;

describe('a process entry point that fails', () => {
  test.each<[string, string, () => Record<string, string>, string[], RegExp]>([
    [
      'the cloud, its database down',
      'cloud/src/main.ts',
      () => ({ DATABASE_URL: closedDatabase() }),
      [],
      /^SparkMotion cloud failed: nothing answers at 127\.0\.0\.1:\d+\. Start that service, or point its URL/,
    ],
    [
      'the cloud, a bad variable',
      'cloud/src/main.ts',
      () => ({ PORT: 'eighty' }),
      [],
      /^SparkMotion cloud failed: Invalid configuration: PORT: .+ listed in \.env\.example\.$/,
    ],
    [
      'the cloud, an empty database it must not migrate',
      'cloud/src/main.ts',
      () => ({ DATABASE_URL: empty.url, MIGRATE_ON_START: 'false' }),
      [],
      /^SparkMotion cloud failed: the database has no SparkMotion schema, and MIGRATE_ON_START is false\. Run `npm run migrate -w @sparkmotion\/cloud` with the same DATABASE_URL, then start again\.$/,
    ],
    [
      'migrate, its database down',
      'cloud/src/db/migrate.ts',
      () => ({ DATABASE_URL: closedDatabase() }),
      [],
      /^migrate failed: nothing answers/,
    ],
    [
      'rollups:rebuild, a bad event id',
      'cloud/src/analytics/rebuild-rollups.cli.ts',
      () => ({}),
      ['--event', 'nope'],
      /^rollups:rebuild failed: --event must be an event id \(a UUID\), not "nope"\. Leave --event out/,
    ],
    [
      'rollups:rebuild, its database down',
      'cloud/src/analytics/rebuild-rollups.cli.ts',
      () => ({ DATABASE_URL: closedDatabase() }),
      [],
      /^rollups:rebuild failed: nothing answers at 127\.0\.0\.1:\d+\./,
    ],
    [
      'admin:grant without an email',
      'cloud/src/auth/grant-admin.cli.ts',
      () => ({}),
      [],
      /^admin:grant failed: no user named\. Give their email: npm run admin:grant -w @sparkmotion\/cloud -- <email>$/,
    ],
    [
      'the ship-taps sidecar without DATABASE_URL',
      'cloud/src/taps/ship-taps.ts',
      () => ({}),
      [],
      /^ship-taps failed: DATABASE_URL is unset\. Set/,
    ],
    [
      'the console host, a bad variable',
      'desktop/src/host/main.ts',
      () => ({ SPARKMOTION_CONSOLE_PORT: 'x' }),
      [],
      /^SparkMotion console \(browser mode\) failed: Invalid desktop environment: SPARKMOTION_CONSOLE_PORT/,
    ],
    [
      'test:deploy, a bad variable (before Docker is touched)',
      'deploy/test/run.ts',
      () => ({ DEPLOY_TAPS: 'lots' }),
      [],
      /^test:deploy failed: DEPLOY_TAPS must be a positive whole number, not "lots"\. Fix or unset DEPLOY_TAPS\.$/,
    ],
    [
      'bench:encode, a bad option',
      'bench/encode/run.ts',
      () => ({}),
      ['--bands', '0'],
      /^bench:encode failed: --bands must be/,
    ],
    [
      'bench:sync, its database down',
      'bench/sync/run.ts',
      () => ({ TEST_DATABASE_URL: closedDatabase() }),
      [],
      /^bench:sync failed: TEST_DATABASE_URL does not answer: .+\. Start that PostgreSQL, or unset TEST_DATABASE_URL/,
    ],
    [
      'bench:redirect, its database down',
      'bench/redirect/run.ts',
      () => ({ TEST_DATABASE_URL: closedDatabase() }),
      [],
      /^bench:redirect failed: TEST_DATABASE_URL does not answer/,
    ],
  ])(
    '%s (%s) says what failed and what to do in one line, without a stack, and exits 1',
    async (_name, file, env, args, line) => {
      const { code, stderr } = await run(file, env(), args);
      expect(stderr.trimEnd()).toMatch(line);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(code).toBe(1);
    },
    60_000,
  );

  test('the cloud, its port taken, logs no failure of its own shutdown besides the one line', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    try {
      const { port } = taken.address() as AddressInfo;
      const { code, stdout, stderr } = await run('cloud/src/main.ts', {
        DATABASE_URL: empty.url,
        PORT: String(port),
        SEED_DEMO: 'false',
      });
      expect(stderr.trimEnd()).toBe(
        `SparkMotion cloud failed: 127.0.0.1:${port} is already in use. Stop what listens there, or choose another port.`,
      );
      const warnings = stdout.split('\n').filter((line) => /^\{"level":(40|50|60)/.test(line));
      expect(warnings.filter((line) => !line.includes('SECRETS_KEYS is unset'))).toEqual([]);
      expect(code).toBe(1);
    } finally {
      taken.close();
    }
  }, 60_000);

  test('logs the stack at debug level', async () => {
    const { code, stdout, stderr } = await run('cloud/src/main.ts', {
      DATABASE_URL: closedDatabase(),
      LOG_LEVEL: 'debug',
    });
    const logged = `${stdout}${stderr}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { stack?: string } });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 20,
        msg: 'SparkMotion cloud failed',
        err: expect.objectContaining({ stack: expect.stringMatching(/ECONNREFUSED[\s\S]*\n\s+at /) }),
      }),
    );
    expect(code).toBe(1);
  }, 60_000);
});
