/**
 * Where the cloud's PostgreSQL comes from: DATABASE_URL when set, else an embedded PostgreSQL (real binaries
 * from npm) whose data lives under DATA_DIR and survives restarts.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '../config.ts';
import { freePort } from '../net/free-port.ts';
import { loadEmbeddedPostgres } from './embedded-postgres.ts';

export interface RunningDatabase {
  url: string;
  /** True when this process started the server (and stops it on `stop()`). */
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DB = 'sparkmotion';

export async function startDatabase(options: DatabaseOptions): Promise<RunningDatabase> {
  if (options.url) return { url: options.url, embedded: false, stop: async () => {} };

  const dir = options.embeddedDir;
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  await mkdir(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as a user of its own, who must be able to reach its data directory.
  if (asRoot) await chmod(dirname(dir), 0o755);
  const port = options.embeddedPort || (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a dedicated user it creates.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, EMBEDDED_DB);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DB}`,
    embedded: true,
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
