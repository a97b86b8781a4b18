import { Migration } from '@mikro-orm/migrations';

/**
 * TapLog: one row per tap, range-partitioned by month (PostgreSQL native partitioning), so a year of
 * festival taps stays fast to query per event and an old month is dropped in one statement.
 *
 * - The primary key is (id, tapped_at): a partitioned table's unique keys must contain the partition
 *   key. `id` is the tap id minted at the edge, so a re-sent batch cannot land twice (the flusher's COPY
 *   refuses it, and its `insert … on conflict do nothing` lands only what is missing).
 * - No foreign keys: orphan taps (unknown or malformed bandIds) have no band, and a tap must land even
 *   while its event is being deleted. `band_id` is the public bandId as tapped.
 * - `tap_log_ensure_partition(month)` creates a month's partition if missing; the app calls it ahead
 *   of time (this month and the next ones) and again for any month a batch needs.
 * - Triggers on bands, events and event_windows NOTIFY the redirect's caches on commit.
 * - `tap_privacy`: per organization, how much of the IP to keep (FULL / ANONYMIZED / NONE, default
 *   ANONYMIZED when no row) and after how many days raw IPs and user agents are erased.
 */
export class Migration20261125170000_tap_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tap_log (
  id uuid not null,
  tapped_at timestamptz not null,
  band_id text not null,
  outcome text not null check (outcome in ('SERVED', 'DISABLED', 'LOST', 'UNKNOWN', 'MALFORMED', 'UNAVAILABLE')),
  org_id uuid,
  event_id uuid,
  window_id uuid,
  mode_served text,
  redirect_url text,
  user_agent text,
  ip inet,
  country text,
  device_type text,
  os text,
  browser text,
  is_bot boolean not null default false,
  rate_limited boolean not null default false,
  received_at timestamptz not null default now(),
  primary key (id, tapped_at)
) partition by range (tapped_at);
create index tap_log_event_time on tap_log (event_id, tapped_at);
create index tap_log_org_time on tap_log (org_id, tapped_at);

create function tap_log_ensure_partition(month date) returns text language plpgsql as $$
declare
  lower_bound date := date_trunc('month', month)::date;
  name text := 'tap_log_' || to_char(lower_bound, 'YYYY_MM');
begin
  if to_regclass(name) is null then
    execute format('create table %I partition of tap_log for values from (%L) to (%L)',
      name, lower_bound, (lower_bound + interval '1 month')::date);
  end if;
  return name;
end $$;

select tap_log_ensure_partition((date_trunc('month', now()) + make_interval(months => m))::date)
from generate_series(-1, 2) as m;

create table tap_privacy (
  org_id uuid primary key references organizations (id) on delete cascade,
  ip_mode text not null default 'ANONYMIZED' check (ip_mode in ('FULL', 'ANONYMIZED', 'NONE')),
  retention_days integer not null default 30 check (retention_days > 0),
  updated_at timestamptz not null default now()
);

-- Redirect cache invalidation: every committed change to a band, an event or a window tells every
-- listening cloud instance which cache entries to drop (see cloud/src/redirect/invalidation.ts).
create function redirect_invalidate() returns trigger language plpgsql as $$
begin
  if TG_TABLE_NAME = 'bands' then
    if TG_OP <> 'INSERT' then perform pg_notify('redirect_invalidate', 'band:' || old.band_id); end if;
    if TG_OP <> 'DELETE' then perform pg_notify('redirect_invalidate', 'band:' || new.band_id); end if;
  elsif TG_TABLE_NAME = 'events' then
    perform pg_notify('redirect_invalidate', 'event:' || coalesce(new.id, old.id));
  else
    if TG_OP <> 'INSERT' then perform pg_notify('redirect_invalidate', 'event:' || old.event_id); end if;
    if TG_OP <> 'DELETE' then perform pg_notify('redirect_invalidate', 'event:' || new.event_id); end if;
  end if;
  return null;
end $$;
create trigger bands_redirect_invalidate after insert or update or delete on bands
  for each row execute function redirect_invalidate();
create trigger events_redirect_invalidate after insert or update or delete on events
  for each row execute function redirect_invalidate();
create trigger event_windows_redirect_invalidate after insert or update or delete on event_windows
  for each row execute function redirect_invalidate();
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists bands_redirect_invalidate on bands;
drop trigger if exists events_redirect_invalidate on events;
drop trigger if exists event_windows_redirect_invalidate on event_windows;
drop function if exists redirect_invalidate();
drop table if exists tap_privacy, tap_log;
drop function if exists tap_log_ensure_partition(date);
`);
  }
}
