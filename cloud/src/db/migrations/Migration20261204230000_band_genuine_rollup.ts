import { Migration } from '@mikro-orm/migrations';

/**
 * `tap_rollup_band.genuine`: per event × band, its GENUINE taps, for `trust.suspiciousBands`
 * (docs/analytics.md). That list finds its bands through the partial index on REPLAYED/COPIED taps (rare), but
 * counted each band's genuine taps in `tap_log`, a walk through the event's taps per band at festival size.
 *
 * A second statement-level trigger keeps it: it fires after `tap_log_rollups` (triggers run in name order), so
 * every band row of the statement exists and the event's rollup lock is already held; it only updates.
 * `tap_rollups_rebuild` (and so `rollups:rebuild`) recomputes it after the other rollups, under the same lock.
 * Taps stay out while the column is filled: `share` on `tap_log` lets no insert in until this commits.
 */
export class Migration20261204230000_band_genuine_rollup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
lock table tap_log in share mode;
alter table tap_rollup_band add column genuine integer not null default 0;

create function tap_rollup_band_genuine(p_event uuid) returns void language sql as $$
  update tap_rollup_band r set genuine = g.taps
  from (select band_id, count(*)::int as taps from tap_log where event_id = p_event and trust_verdict = 'GENUINE'
        group by 1) g
  where r.event_id = p_event and r.band_id = g.band_id;
$$;

create function tap_rollup_band_genuine_add() returns trigger language plpgsql as $$
begin
  update tap_rollup_band r set genuine = r.genuine + n.taps
  from (select event_id, band_id, count(*)::int as taps from new_taps
        where event_id is not null and trust_verdict = 'GENUINE' group by 1, 2 order by 1, 2) n
  where r.event_id = n.event_id and r.band_id = n.band_id;
  return null;
end $$;
create trigger tap_log_rollups_trust after insert on tap_log referencing new table as new_taps
  for each statement execute function tap_rollup_band_genuine_add();

alter function tap_rollups_rebuild(uuid) rename to tap_rollups_rebuild_counts;
create function tap_rollups_rebuild(p_event uuid) returns boolean language plpgsql as $$
begin
  if not tap_rollups_rebuild_counts(p_event) then return false; end if;
  perform tap_rollup_band_genuine(p_event);
  return true;
end $$;

select tap_rollup_band_genuine(event_id) from (select distinct event_id from tap_rollup_band) e;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger tap_log_rollups_trust on tap_log;
drop function tap_rollup_band_genuine_add();
drop function tap_rollups_rebuild(uuid);
alter function tap_rollups_rebuild_counts(uuid) rename to tap_rollups_rebuild;
drop function tap_rollup_band_genuine(uuid);
alter table tap_rollup_band drop column genuine;`);
  }
}
