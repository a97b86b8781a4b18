import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlainError } from '@sparkmotion/shared/errors';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { type Cloud, createCloud } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createOrm, MIGRATIONS_DIR } from './orm.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return database;
}

async function startCloud(databaseUrl: string, env: Record<string, string> = {}): Promise<Cloud> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sm-schema-start-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const cloud = await createCloud(
    loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...env }),
  );
  cleanups.push(() => cloud.close());
  return cloud;
}

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const migrationNames = async () =>
  (await readdir(MIGRATIONS_DIR))
    .filter((file) => /^Migration\d+_\w+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();

describe('the schema at start', () => {
  test('instances starting at once on an empty database apply each migration once and seed one demo', async () => {
    const database = await emptyDatabase();
    const clouds = await Promise.all([1, 2, 3].map(() => startCloud(database.url)));

    const applied = await rows<{ name: string }>(database.url, 'select name from mikro_orm_migrations order by name');
    expect(applied.map((row) => row.name)).toEqual(await migrationNames());
    const orgs = await rows<{ id: string }>(database.url, `select id from organizations where slug = 'demo'`);
    expect(orgs).toHaveLength(1);
    expect(new Set(clouds.map((cloud) => cloud.demo?.orgId))).toEqual(new Set([orgs[0]!.id]));
  }, 120_000);

  test('with MIGRATE_ON_START=false, an empty database stops the start and names the command to run', async () => {
    const database = await emptyDatabase();
    const start = startCloud(database.url, { MIGRATE_ON_START: 'false' });
    await expect(start).rejects.toThrow(PlainError);
    await expect(start).rejects.toMatchObject({
      message: 'the database has no SparkMotion schema, and MIGRATE_ON_START is false',
      hint: 'Run `npm run migrate -w @sparkmotion/cloud` with the same DATABASE_URL, then start again.',
    });
  }, 60_000);

  test('with MIGRATE_ON_START=false, a schema older than the code stops the start and says which migrations it lacks', async () => {
    const database = await emptyDatabase();
    const [first, ...missing] = await migrationNames();
    const orm = await createOrm({ url: database.url, poolMax: 1 });
    await orm.migrator.up({ to: first! });
    await orm.close();

    await expect(startCloud(database.url, { MIGRATE_ON_START: 'false' })).rejects.toMatchObject({
      message: `the database schema is older than this code (missing ${missing.join(', ')}), and MIGRATE_ON_START is false`,
    });
  }, 60_000);
});
