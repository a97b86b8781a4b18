/**
 * One migrated template database per set of migrations, shared by every test file of a run (and of later
 * runs while the migrations stay the same); each test file clones it, which takes milliseconds.
 * Named after a hash of the migration files; built under an advisory lock so test files starting at once
 * neither race nor build it twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createOrm, MIGRATIONS_DIR, migrateUp } from '../../src/db/orm.ts';

const LOCK_KEY = 0x5d_7e_57; // any constant shared by all test files

let pending: Promise<string> | undefined;

/** The name of a database holding every migration, ready to pass as `createTestDatabase({ template })`. */
export function migratedTemplate(): Promise<string> {
  pending ??= buildTemplate();
  return pending;
}

async function buildTemplate(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `sm_tpl_${await migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (await exists(admin, name)) return name;
    await admin.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      if (await exists(admin, name)) return name;
      // Build under a temporary name and rename at the end: a half-built template is never visible.
      const building = `sm_tplbuild_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const orm = await createOrm({ url: url.toString(), poolMax: 1 });
      try {
        await migrateUp(orm);
      } finally {
        await orm.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    await admin.end();
  }
}

async function exists(admin: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /\.(ts|js)$/.test(f) && !f.includes('.test.')).sort();
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
