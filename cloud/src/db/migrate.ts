/**
 * `npm run migrate -w @sparkmotion/cloud`: applies pending migrations to DATABASE_URL (or to the embedded
 * PostgreSQL under DATA_DIR when DATABASE_URL is unset) and exits.
 */
import { loadConfig } from '../config.ts';
import { startDatabase } from './database.ts';
import { createOrm, migrateUp } from './orm.ts';

const config = loadConfig();
const database = await startDatabase(config.database);
const orm = await createOrm({ url: database.url });
try {
  const applied = await migrateUp(orm);
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
} finally {
  await orm.close();
  await database.stop();
}
