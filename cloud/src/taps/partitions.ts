/**
 * TapLog partition maintenance and retention. Partitions are created ahead (this month and the next
 * `monthsAhead`), so a flush never waits on DDL at a month boundary; the flusher also creates any
 * month a batch needs (a tap from a skewed clock, a log replayed late).
 */
import type pg from 'pg';

const DUPLICATE_TABLE = '42P07';

export async function ensurePartitions(pool: pg.Pool, instants: readonly Date[]): Promise<string[]> {
  const months = [
    ...new Set(instants.map((d) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`)),
  ];
  const names: string[] = [];
  for (const month of months) {
    try {
      const { rows } = await pool.query<{ name: string }>('select tap_log_ensure_partition($1::date) as name', [month]);
      names.push(rows[0]!.name);
    } catch (error) {
      // Another instance created it at the same moment.
      if ((error as { code?: string }).code !== DUPLICATE_TABLE) throw error;
    }
  }
  return names;
}

export function monthsFrom(now: Date, monthsAhead: number): Date[] {
  return Array.from(
    { length: monthsAhead + 1 },
    (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)),
  );
}

/**
 * Erases raw IPs and user agents older than each organization's retention (30 days without a
 * setting; orphan taps, which have no organization, use the default too). Device, OS, browser and
 * country stay: they are not personal data on their own. Returns the rows erased.
 */
export async function eraseExpired(pool: pg.Pool, now: Date, defaultRetentionDays = 30): Promise<number> {
  const { rowCount } = await pool.query(
    `update tap_log t set ip = null, user_agent = null
     from (
       select o.id as org_id, coalesce(p.retention_days, $2::int) as days
       from organizations o left join tap_privacy p on p.org_id = o.id
     ) r
     where t.org_id = r.org_id and t.tapped_at < $1::timestamptz - make_interval(days => r.days)
       and (t.ip is not null or t.user_agent is not null)`,
    [now, defaultRetentionDays],
  );
  const orphans = await pool.query(
    `update tap_log set ip = null, user_agent = null
     where org_id is null and tapped_at < $1::timestamptz - make_interval(days => $2::int)
       and (ip is not null or user_agent is not null)`,
    [now, defaultRetentionDays],
  );
  return (rowCount ?? 0) + (orphans.rowCount ?? 0);
}
