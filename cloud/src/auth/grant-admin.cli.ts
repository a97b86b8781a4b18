/**
 * `npm run admin:grant -w @sparkmotion/cloud -- <email>`: makes that user a platform ADMIN, against
 * DATABASE_URL (or the embedded PostgreSQL under DATA_DIR). Safe while the cloud runs; the user's next
 * request sees the role.
 */
import { PlainError } from '@sparkmotion/shared/errors';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { startDatabase } from '../db/database.ts';
import { exitPlainlyOnFailure } from '../process/exit-plainly.ts';
import { grantAdmin } from './grant-admin.ts';

exitPlainlyOnFailure('admin:grant');
const email = process.argv[2];
if (!email)
  throw new PlainError('no user named', 'Give their email: npm run admin:grant -w @sparkmotion/cloud -- <email>');
const config = loadConfig();
const database = await startDatabase(config.database);
const pool = new pg.Pool({ connectionString: database.url, max: 1 });
try {
  const result = await grantAdmin(pool, email);
  console.log(
    result.already ? `${result.email} is already a platform admin` : `${result.email} is now a platform admin`,
  );
} finally {
  await pool.end();
  await database.stop();
}
