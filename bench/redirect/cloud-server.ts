/**
 * SparkMotion for the benchmark: a fresh database on the given PostgreSQL, the real migrations, one
 * organization with an event whose LIVE window is open now and 10,000 bands, the real `createCloud`
 * (Redis, local tap log, shipper into TapLog), the cache warmed over every band. Prints
 * `{ url, idsFile, databaseUrl }` on stdout when ready; SIGTERM closes it cleanly.
 *
 * Env: BENCH_PG_ADMIN_URL, BENCH_REDIS_URL, BENCH_BANDS (default 10000).
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import pg from 'pg';
import { createCloud } from '../../cloud/src/app.ts';
import { loadConfig } from '../../cloud/src/config.ts';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';

exitPlainlyOnFailure('bench:redirect (SparkMotion server)', { level: process.env.LOG_LEVEL });

const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const bandCount = Number(process.env.BENCH_BANDS ?? 10_000);
const name = `sm_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
const dir = mkdtempSync(join(tmpdir(), 'sm-bench-'));

const cloud = await createCloud(
  loadConfig({
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `smbench:${name}:`,
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // The load generator is one client IP: do not flag it all as rate-limited (taps are logged either way).
    TAP_RATE_LIMIT_PER_IP: '1000000000',
    TAP_RATE_LIMIT_PER_BAND: '1000000',
    REDIRECT_CACHE_TTL_MS: '600000',
    // Taps are shipped by the ship-taps sidecar (started by run.ts), as in a multi-core deployment.
    TAP_SHIPPER: process.env.BENCH_TAP_SHIPPER ?? 'external',
  }),
  { migrate: true },
);

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const orgId = randomUUID();
const eventId = randomUUID();
const now = Date.now();
await db.query(`insert into organizations (id, name, slug) values ($1, 'Bench', 'bench')`, [orgId]);
await db.query(
  `insert into events (id, org_id, name, timezone, fallback_url) values ($1, $2, 'Bench', 'UTC', 'https://example.com/fallback')`,
  [eventId, orgId],
);
await db.query(
  `insert into event_windows (id, org_id, event_id, kind, url, starts_at, ends_at) values
   (gen_random_uuid(), $1, $2, 'PRE', 'https://example.com/pre', $3, $4),
   (gen_random_uuid(), $1, $2, 'LIVE', 'https://example.com/live', $4, $5),
   (gen_random_uuid(), $1, $2, 'POST', 'https://example.com/post', $5, $6)`,
  [
    orgId,
    eventId,
    new Date(now - 7200_000),
    new Date(now - 3600_000),
    new Date(now + 3600_000),
    new Date(now + 7200_000),
  ],
);
const ids = Array.from({ length: bandCount }, () => mintBandId(orgBandTag(orgId), (n) => randomBytes(n)));
await db.query(
  `insert into bands (id, org_id, event_id, band_id, registered_at)
   select gen_random_uuid(), $1, $2, unnest($3::text[]), now()`,
  [orgId, eventId, ids],
);
await db.end();
// Let the invalidations of the seed pass, then warm the cache over every band.
await new Promise((resolve) => setTimeout(resolve, 500));
await cloud.redirect.resolver.warm(ids, Date.now());

const idsFile = join(dir, 'band-ids.txt');
writeFileSync(idsFile, `${ids.join('\n')}\n`);
const listening = await cloud.listen();
console.log(
  JSON.stringify({ url: listening, idsFile, databaseUrl, database: name, dataDir: dir, keyPrefix: `smbench:${name}:` }),
);

process.on('SIGTERM', () => {
  cloud.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
