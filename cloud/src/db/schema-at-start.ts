/**
 * The schema when a process starts (MIGRATE_ON_START): the migrations the database lacks are applied, or,
 * for operators who migrate in a step of their own, a schema older than the code stops the start with the
 * command to run — never a "relation … does not exist" in the middle of a request.
 *
 * What a start writes (migrations, the demo seed) runs under one PostgreSQL advisory lock: instances
 * starting at once on an empty database wait for each other, so each migration runs once and one demo is
 * seeded. The lock lives in its own session (the ORM's pool hands each query any connection) and is let go
 * when that session ends, even if the process dies holding it. Advisory locks are per database, so
 * deployments sharing a server do not wait for each other.
 */
import { PlainError } from '@sparkmotion/shared/errors';
import pg from 'pg';
import type { Orm } from './orm.ts';

/** Any constant every SparkMotion process shares ('SPMS'). */
const START_LOCK = 0x53_50_4d_53;

export const MIGRATE_COMMAND = 'npm run migrate -w @sparkmotion/cloud';

export async function withStartLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const session = new pg.Client({ connectionString: databaseUrl });
  await session.connect();
  try {
    await session.query('select pg_advisory_lock($1)', [START_LOCK]);
    return await work();
  } finally {
    await session.end();
  }
}

/** Throws a PlainError naming the command to run when the database lacks a migration of this code. */
export async function requireCurrentSchema(orm: Orm): Promise<void> {
  const pending = (await orm.migrator.getPending()).map((migration) => migration.name);
  if (pending.length === 0) return;
  const executed = await orm.migrator.getExecuted();
  const state =
    executed.length === 0
      ? 'the database has no SparkMotion schema'
      : `the database schema is older than this code (missing ${pending.join(', ')})`;
  throw new PlainError(
    `${state}, and MIGRATE_ON_START is false`,
    `Run \`${MIGRATE_COMMAND}\` with the same DATABASE_URL, then start again.`,
  );
}
