/**
 * `npm run rollups:rebuild -w @sparkmotion/cloud [-- --event <id>]`: recomputes the tap rollups of one
 * event, or of every event, from `tap_log` (see `rollups-rebuild.ts`). Safe while the cloud runs.
 */
import { parseArgs } from 'node:util';
import { PlainError } from '@sparkmotion/shared/errors';
import pg from 'pg';
import { pino } from 'pino';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { startDatabase } from '../db/database.ts';
import { exitPlainlyOnFailure } from '../process/exit-plainly.ts';
import { rebuildRollups } from './rollups-rebuild.ts';

const guard = exitPlainlyOnFailure('rollups:rebuild');
const { values } = parseArgs({ options: { event: { type: 'string' } } });
if (values.event !== undefined && !z.uuid().safeParse(values.event).success) {
  throw new PlainError(
    `--event must be an event id (a UUID), not "${values.event}"`,
    'Leave --event out to rebuild every event.',
  );
}
const eventId = values.event;

const config = loadConfig();
guard.log = pino({ level: config.logLevel });
const database = await startDatabase(config.database);
const pool = new pg.Pool({ connectionString: database.url, max: 1 });
try {
  const started = Date.now();
  const report = await rebuildRollups(pool, eventId ? { eventId } : {});
  console.log(`Rebuilt the rollups of ${report.rebuilt} event(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const id of report.skipped) console.log(`Skipped ${id}: retention deleted raw taps its rollups still count`);
} finally {
  await pool.end();
  await database.stop();
}
