/**
 * Where the cloud's PostgreSQL comes from: DATABASE_URL when set, else an embedded PostgreSQL (real binaries
 * from npm) whose data lives under DATA_DIR and survives restarts.
 */
import pg from 'pg';
import type { DatabaseOptions } from '../config.ts';
import { freePort } from '../net/free-port.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface RunningDatabase {
  url: string;
  /** Set when this process started an embedded server (and stops it on `stop()`): where its data lives. */
  embeddedDir: string | null;
  stop(): Promise<void>;
}

const EMBEDDED_DB = 'sparkmotion';

export async function startDatabase(options: DatabaseOptions): Promise<RunningDatabase> {
  if (options.url) return { url: options.url, embeddedDir: null, stop: async () => {} };

  const port = options.embeddedPort || (await freePort());
  const server = await startEmbeddedPostgres({ dir: options.embeddedDir, port, persistent: true });
  await ensureDatabase(server.adminUrl, EMBEDDED_DB);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DB}`,
    embeddedDir: server.dir,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}
