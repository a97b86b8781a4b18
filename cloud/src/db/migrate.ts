/**
 * `npm run migrate -w @sparkmotion/cloud`: applies pending migrations to DATABASE_URL (or to the embedded
 * PostgreSQL under DATA_DIR when DATABASE_URL is unset) and exits.
 */
import { pino } from 'pino';
import { loadConfig } from '../config.ts';
import { exitPlainlyOnFailure } from '../process/exit-plainly.ts';
import { startDatabase } from './database.ts';
import { createOrm, migrateUp } from './orm.ts';
import { withStartLock } from './schema-at-start.ts';

const guard = exitPlainlyOnFailure('migrate');
const config = loadConfig();
guard.log = pino({ level: config.logLevel });
const database = await startDatabase(config.database);
try {
  const orm = await createOrm({ url: database.url });
  try {
    const applied = await withStartLock(database.url, () => migrateUp(orm));
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
  } finally {
    await orm.close();
  }
} finally {
  await database.stop();
}
