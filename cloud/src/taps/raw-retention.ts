/**
 * Raw-tap retention: deletes taps older than their organization's `raw_retention_days` (orphan taps and
 * organizations without a setting: the deployment's default), then drops month partitions that are
 * past and empty. The rollups are not touched (they hold no personal data), so an old event's
 * dashboard keeps its figures; each event that lost raw taps is noted in `tap_raw_pruned`, and a
 * rollup rebuild leaves it alone from then on.
 *
 * Deletes go in chunks, each its own transaction that first takes the events' rollup locks shared (as
 * the tap_log trigger does): a rebuild of one of those events never reads a half-deleted event.
 */
import type pg from 'pg';

/** Rows per transaction: big enough to be quick, small enough not to hold locks for long. */
const CHUNK = 20_000;
/** The advisory-lock class of an event's rollups (the rollup migration's LOCK_CLASS). */
const ROLLUP_LOCK = 0x7a9;

export async function deleteExpiredTaps(
  pool: pg.Pool,
  now: Date,
  defaultDays: number,
): Promise<{ deleted: number; droppedPartitions: string[] }> {
  const { rows: cutoffs } = await pool.query<{ org_id: string | null; before: Date }>(
    `select o.id as org_id, $1::timestamptz - make_interval(days => coalesce(p.raw_retention_days, $2::int)) as before
     from organizations o left join tap_privacy p on p.org_id = o.id
     union all select null, $1::timestamptz - make_interval(days => $2::int)`,
    [now, defaultDays],
  );
  let deleted = 0;
  for (const { org_id: orgId, before } of cutoffs) {
    for (;;) {
      const n = await deleteChunk(pool, orgId, before);
      deleted += n;
      if (n < CHUNK) break;
    }
  }
  return { deleted, droppedPartitions: await dropEmptyPastPartitions(pool, now) };
}

async function deleteChunk(pool: pg.Pool, orgId: string | null, before: Date): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temp table doomed on commit drop as
       select id, tapped_at, event_id from tap_log where org_id is not distinct from $1 and tapped_at < $2 limit $3`,
      [orgId, before, CHUNK],
    );
    await client.query(
      `select pg_advisory_xact_lock_shared(${ROLLUP_LOCK}, k)
       from (select distinct hashtext(event_id::text) as k from doomed where event_id is not null order by 1) e`,
    );
    await client.query(
      `insert into tap_raw_pruned (event_id, pruned_before)
       select event_id, $1 from doomed where event_id is not null group by 1
       on conflict (event_id) do update set pruned_before = greatest(tap_raw_pruned.pruned_before, excluded.pruned_before)`,
      [before],
    );
    const { rowCount } = await client.query(
      'delete from tap_log t using doomed d where t.id = d.id and t.tapped_at = d.tapped_at',
    );
    await client.query('commit');
    client.release();
    return rowCount ?? 0;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/**
 * Month partitions wholly before this month with no row left. A late tap for such a month (a log
 * replayed after weeks) recreates its partition, as the flusher does for any missing month.
 */
async function dropEmptyPastPartitions(pool: pg.Pool, now: Date): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select c.relname as name from pg_inherits i
     join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'tap_log'::regclass and c.relname ~ '^tap_log_[0-9]{4}_[0-9]{2}$'
       and to_date(substr(c.relname, 9), 'YYYY_MM') + interval '1 month' <= date_trunc('month', $1::timestamptz at time zone 'UTC')
     order by 1`,
    [now],
  );
  const dropped: string[] = [];
  for (const { name } of rows) {
    // Locked first, so no tap can land in it between "empty" and the drop.
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`lock table ${name} in access exclusive mode`);
      const { rows: left } = await client.query(`select 1 from ${name} limit 1`);
      if (left.length === 0) {
        await client.query(`drop table ${name}`);
        dropped.push(name);
      }
      await client.query('commit');
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }
  return dropped;
}
