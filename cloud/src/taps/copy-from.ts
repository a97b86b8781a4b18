/**
 * `COPY … FROM STDIN` through a `pg` client (pg-copy-streams): PostgreSQL parses COPY text for a
 * fraction of what `json_to_recordset` costs it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from } from 'pg-copy-streams';

/** Runs `sql` (a `COPY … FROM STDIN`) with `data` as its input; resolves with the rows copied. */
export async function copyFrom(client: pg.ClientBase, sql: string, data: Buffer): Promise<number> {
  const copy = client.query(from(sql));
  await pipeline(Readable.from([data]), copy);
  return copy.rowCount;
}
