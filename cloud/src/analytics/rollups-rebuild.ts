/**
 * Recomputes tap rollups from `tap_log` (after an upgrade that changes their shape, or to repair them),
 * one event per transaction with `tap_rollups_rebuild(event)`: PostgreSQL aggregates the event's taps
 * itself, so this process holds one page of event ids and nothing else, whatever the event's size.
 * Taps keep landing meanwhile: a batch with taps of the event being rebuilt waits for that event's
 * rebuild to commit (an advisory lock the tap_log trigger takes shared), then adds its taps on top.
 * An event whose raw taps retention has deleted is skipped: its rollups are all that is left of them.
 */
import type pg from 'pg';

const PAGE = 500;

export interface RebuildReport {
  readonly rebuilt: number;
  /** Events skipped because retention deleted raw taps the rollups still count. */
  readonly skipped: readonly string[];
}

export async function rebuildRollups(
  pool: pg.Pool,
  options: { eventId?: string; onEvent?: (eventId: string) => void } = {},
): Promise<RebuildReport> {
  let rebuilt = 0;
  const skipped: string[] = [];
  const rebuild = async (eventId: string) => {
    const { rows } = await pool.query<{ done: boolean }>('select tap_rollups_rebuild($1) as done', [eventId]);
    if (rows[0]!.done) rebuilt++;
    else skipped.push(eventId);
    options.onEvent?.(eventId);
  };
  if (options.eventId) {
    await rebuild(options.eventId);
    return { rebuilt, skipped };
  }
  // Every event with taps has rollups or is an event: both lists are small next to tap_log.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await pool.query<{ id: string }>(
      `select id from (select id from events union select distinct event_id from tap_rollup_band) e
       where id > $1 order by id limit $2`,
      [after, PAGE],
    );
    for (const row of rows) await rebuild(row.id);
    if (rows.length < PAGE) return { rebuilt, skipped };
    after = rows.at(-1)!.id;
  }
}
