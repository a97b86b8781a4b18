/**
 * `COPY … FROM STDIN` through a `pg` client, which has no API of its own for it (pg-copy-streams is
 * the usual package; one buffer in and the row count out is all the flusher needs, so these few lines
 * instead of a dependency). PostgreSQL parses COPY text for a fraction of what `json_to_recordset`
 * costs it.
 */
import type pg from 'pg';

/** The protocol messages `pg`'s Connection sends but its type declarations leave out. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Runs `sql` (a `COPY … FROM STDIN`) with `data` as its input; resolves with the rows copied. */
export function copyFrom(client: pg.ClientBase, sql: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let settled = false;
    const noop = () => {};
    client.query({
      submit: (connection: unknown) => (connection as CopyConnection).query(sql),
      handleCopyInResponse(connection: CopyConnection) {
        connection.sendCopyFromChunk(data);
        connection.endCopyFrom();
      },
      handleCommandComplete(message: { text: string }) {
        rows = Number(message.text.slice('COPY '.length));
      },
      // An error ends the query (the server's ReadyForQuery may follow, or the socket is gone).
      handleError(error: Error) {
        if (settled) return;
        settled = true;
        reject(error);
      },
      handleReadyForQuery() {
        if (settled) return;
        settled = true;
        resolve(rows);
      },
      handleRowDescription: noop,
      handleDataRow: noop,
      handleEmptyQuery: noop,
      handlePortalSuspended: noop,
      handleCopyData: noop,
    });
  });
}
