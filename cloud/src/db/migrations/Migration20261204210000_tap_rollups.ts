import { Migration } from '@mikro-orm/migrations';

/**
 * Tap rollups (docs/analytics.md): what the analytics read instead of scanning `tap_log`.
 *
 * - `tap_rollup_minute`: per event × UTC minute × mode (`coalesce(mode_served, outcome)`) → taps, counted
 *   (neither bot nor rate-limited), bots, rate-limited. Hours and days in any time zone, :30 and :45 offsets
 *   included, are sums of minutes.
 * - `tap_rollup_mode`: per event × mode × trust verdict ('' when unclassified) → the same four counts: the
 *   event's totals in a dozen rows.
 * - `tap_rollup_band`: per event × band → taps, counted taps (neither bot nor rate-limited), first and last
 *   tap: exact unique bands and top bands.
 * - `tap_rollup_window_band`: per event × window × band → taps, counted: which bands tapped in which window.
 * - `tap_rollup_event`, `tap_rollup_window`: exact unique bands (and per window, taps), counted up as the two
 *   tables above gain a band row, so a dashboard reads one row instead of counting 100,000.
 * - `tap_rollup_dimension`: per event × dimension (country, device, os, browser, bot) × value → taps, counted.
 *
 * One statement-level trigger keeps them: it runs in the transaction of every statement that inserts into
 * `tap_log` (the flusher's COPY, or its `insert … on conflict do nothing` for a re-sent batch) and reads the
 * statement's transition table, which holds exactly the rows that statement inserted. So a re-sent batch
 * adds only what was new, and a crash anywhere commits the taps and their rollups together or neither.
 * `tap_rollups_rebuild(event)` recomputes an event's rollups from `tap_log` with the same statements,
 * under an advisory lock that the trigger takes shared, so taps of that event wait for the rebuild to commit
 * and are then added on top. Retention deletes raw taps without touching rollups (no delete trigger) and
 * notes the event in `tap_raw_pruned`, whose rollups a rebuild then leaves alone.
 */

/** Advisory-lock class of an event's rollups (the second key is `hashtext(event_id)`). */
const LOCK_CLASS = 0x7a9;

/** The upserts that add the taps of `source` (a relation with tap_log's columns) to the rollups. */
function addTo(source: string): string {
  const counted = 'count(*) filter (where not is_bot and not rate_limited)';
  const flags = `count(*), ${counted}, count(*) filter (where is_bot), count(*) filter (where rate_limited)`;
  const addFlags =
    'taps = r.taps + excluded.taps, counted = r.counted + excluded.counted, bots = r.bots + excluded.bots, limited = r.limited + excluded.limited';
  // A band row whose total equals what this statement added (l = after the upsert, i = added) is new.
  const firstTime =
    'count(*) filter (where l.taps = i.taps), count(*) filter (where i.counted > 0 and l.counted = i.counted)';
  return `
insert into tap_rollup_minute as r (event_id, minute, mode, taps, counted, bots, limited)
  select event_id, date_bin('1 minute', tapped_at, timestamptz '2000-01-01Z'), coalesce(mode_served, outcome), ${flags}
  from ${source} where event_id is not null
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (event_id, minute, mode) do update set ${addFlags};
insert into tap_rollup_mode as r (event_id, mode, trust, taps, counted, bots, limited)
  select event_id, coalesce(mode_served, outcome), coalesce(trust_verdict, ''), ${flags}
  from ${source} where event_id is not null
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (event_id, mode, trust) do update set ${addFlags};
with input as (
  select event_id, band_id, count(*)::int as taps, ${counted}::int as counted, min(tapped_at) as first_tap_at,
         max(tapped_at) as last_tap_at, max(tapped_at) filter (where not is_bot and not rate_limited) as last_counted_at
  from ${source} where event_id is not null group by 1, 2
), landed as (
  insert into tap_rollup_band as r (event_id, band_id, taps, counted, first_tap_at, last_tap_at, last_counted_at)
    select * from input order by 1, 2
    on conflict (event_id, band_id) do update set taps = r.taps + excluded.taps, counted = r.counted + excluded.counted,
      first_tap_at = least(r.first_tap_at, excluded.first_tap_at), last_tap_at = greatest(r.last_tap_at, excluded.last_tap_at),
      last_counted_at = greatest(r.last_counted_at, excluded.last_counted_at)
    returning r.event_id, r.band_id, r.taps, r.counted
)
insert into tap_rollup_event as r (event_id, bands, counted_bands)
  select l.event_id, ${firstTime}
  from landed l join input i using (event_id, band_id) group by 1 order by 1
  on conflict (event_id) do update set bands = r.bands + excluded.bands, counted_bands = r.counted_bands + excluded.counted_bands;
with input as (
  select event_id, window_id, band_id, count(*)::int as taps, ${counted}::int as counted
  from ${source} where event_id is not null and window_id is not null group by 1, 2, 3
), landed as (
  insert into tap_rollup_window_band as r (event_id, window_id, band_id, taps, counted)
    select * from input order by 1, 2, 3
    on conflict (event_id, window_id, band_id) do update set taps = r.taps + excluded.taps, counted = r.counted + excluded.counted
    returning r.event_id, r.window_id, r.band_id, r.taps, r.counted
)
insert into tap_rollup_window as r (event_id, window_id, taps, counted, bands, counted_bands)
  select l.event_id, l.window_id, sum(i.taps), sum(i.counted), ${firstTime}
  from landed l join input i using (event_id, window_id, band_id) group by 1, 2 order by 1, 2
  on conflict (event_id, window_id) do update set taps = r.taps + excluded.taps, counted = r.counted + excluded.counted,
    bands = r.bands + excluded.bands, counted_bands = r.counted_bands + excluded.counted_bands;
insert into tap_rollup_dimension as r (event_id, dimension, value, taps, counted)
  select event_id, d.dimension, coalesce(d.value, ''), count(*), ${counted}
  from ${source} cross join lateral (values ('country', country), ('device', device_type), ('os', os),
    ('browser', case when is_bot then null else browser end), ('bot', case when is_bot then browser end)) d (dimension, value)
  where event_id is not null and (d.dimension <> 'bot' or is_bot)
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (event_id, dimension, value) do update set taps = r.taps + excluded.taps, counted = r.counted + excluded.counted;`;
}

export class Migration20261204210000_tap_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
-- taps: all; counted: people's (neither bot nor rate-limited); bots: is_bot; limited: rate_limited.
create table tap_rollup_minute (
  event_id uuid not null,
  minute timestamptz not null,
  mode text not null,
  taps integer not null,
  counted integer not null,
  bots integer not null,
  limited integer not null,
  primary key (event_id, minute, mode)
);
create table tap_rollup_mode (
  event_id uuid not null,
  mode text not null,
  trust text not null,
  taps integer not null,
  counted integer not null,
  bots integer not null,
  limited integer not null,
  primary key (event_id, mode, trust)
);
-- Updated in place on every batch: room on each page keeps the updates HOT (no index churn).
create table tap_rollup_band (
  event_id uuid not null,
  band_id text not null,
  taps integer not null,
  counted integer not null,
  first_tap_at timestamptz not null,
  last_tap_at timestamptz not null,
  last_counted_at timestamptz,
  primary key (event_id, band_id)
) with (fillfactor = 70);
create table tap_rollup_window_band (
  event_id uuid not null,
  window_id uuid not null,
  band_id text not null,
  taps integer not null,
  counted integer not null,
  primary key (event_id, window_id, band_id)
) with (fillfactor = 70);
-- Exact unique bands without counting band rows: each kept up as band rows appear (or first count).
create table tap_rollup_event (
  event_id uuid primary key,
  bands integer not null,
  counted_bands integer not null
);
create table tap_rollup_window (
  event_id uuid not null,
  window_id uuid not null,
  taps integer not null,
  counted integer not null,
  bands integer not null,
  counted_bands integer not null,
  primary key (event_id, window_id)
);
create table tap_rollup_dimension (
  event_id uuid not null,
  dimension text not null check (dimension in ('country', 'device', 'os', 'browser', 'bot')),
  value text not null,
  taps integer not null,
  counted integer not null,
  primary key (event_id, dimension, value)
);

create function tap_rollups_add() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock_shared(${LOCK_CLASS}, k)
  from (select distinct hashtext(event_id::text) as k from new_taps where event_id is not null order by 1) e;
  ${addTo('new_taps')}
  return null;
end $$;
create trigger tap_log_rollups after insert on tap_log referencing new table as new_taps
  for each statement execute function tap_rollups_add();

-- Events whose raw taps retention deleted (from this instant on, older taps live only in the rollups).
create table tap_raw_pruned (
  event_id uuid primary key,
  pruned_before timestamptz not null
);

create function tap_rollups_rebuild(p_event uuid) returns boolean language plpgsql as $$
begin
  perform pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(p_event::text));
  if exists (select 1 from tap_raw_pruned where event_id = p_event) then return false; end if;
  delete from tap_rollup_minute where event_id = p_event;
  delete from tap_rollup_mode where event_id = p_event;
  delete from tap_rollup_band where event_id = p_event;
  delete from tap_rollup_window_band where event_id = p_event;
  delete from tap_rollup_dimension where event_id = p_event;
  delete from tap_rollup_event where event_id = p_event;
  delete from tap_rollup_window where event_id = p_event;
  ${addTo('(select * from tap_log where event_id = p_event) t')}
  return true;
end $$;

select tap_rollups_rebuild(event_id) from (select distinct event_id from tap_log where event_id is not null) e;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger tap_log_rollups on tap_log;
drop function tap_rollups_add();
drop function tap_rollups_rebuild(uuid);
drop table tap_rollup_minute, tap_rollup_mode, tap_rollup_band, tap_rollup_window_band, tap_rollup_dimension, tap_rollup_event,
  tap_rollup_window, tap_raw_pruned;
`);
  }
}
