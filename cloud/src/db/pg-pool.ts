import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A plain `pg` pool for the tap path (the redirect's store, the flusher, tap maintenance), beside the
 * ORM's. An idle connection dying (PostgreSQL restarted) is logged, not left to crash the process.
 */
export function createPgPool(url: string, max: number, log: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 2000 });
  pool.on('error', (error) => log.warn({ err: error }, 'pg pool: connection lost'));
  return pool;
}
