import { Migration } from '@mikro-orm/migrations';

/**
 * The core schema: tenants, users, sessions, events, windows, bands, attendee links, the audit log, and the
 * sync plumbing every sync-visible table shares:
 * - `sync_version`: ONE global sequence; a trigger stamps `version` on every insert and update, so a pull
 *   is "every row with version > cursor" across all tables.
 * - `tombstones`: a trigger records each delete (entity, id, org, version) so pulls see deletions too.
 * Other features add their tables in migrations of their own and attach `sync_stamp_version()` /
 * `sync_write_tombstone('<org column>')` to them the same way.
 */
export class Migration20261125160000_core extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create sequence sync_version as bigint;

create function sync_stamp_version() returns trigger language plpgsql as $$
begin
  new.version := nextval('sync_version');
  return new;
end $$;

create table tombstones (
  version bigint primary key default nextval('sync_version'),
  entity text not null,
  entity_id uuid not null,
  org_id uuid not null,
  deleted_at timestamptz not null default now()
);
create index tombstones_org_version on tombstones (org_id, version);

-- TG_ARGV[0]: the column holding the row's organization.
create function sync_write_tombstone() returns trigger language plpgsql as $$
begin
  insert into tombstones (entity, entity_id, org_id)
  values (TG_TABLE_NAME, old.id, (to_jsonb(old) ->> TG_ARGV[0])::uuid);
  return old;
end $$;

create table organizations (
  id uuid primary key,
  name text not null,
  slug text not null unique,
  branding jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint
);

create table users (
  id uuid primary key,
  email text not null unique,
  name text not null,
  platform_role text not null default 'CUSTOMER' check (platform_role in ('ADMIN', 'CUSTOMER')),
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table sessions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

create table org_members (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('OWNER', 'EDITOR', 'VIEWER')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint,
  unique (org_id, user_id)
);
create index org_members_user on org_members (user_id);

create table invitations (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  role text not null check (role in ('OWNER', 'EDITOR', 'VIEWER')),
  token_hash text not null unique,
  invited_by_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitations_org on invitations (org_id);

create table events (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  timezone text not null,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
  override_mode text check (override_mode in ('PRE', 'LIVE', 'POST')),
  fallback_url text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint
);
create index events_org_created on events (org_id, created_at desc, id);

create table event_windows (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  event_id uuid not null references events (id) on delete cascade,
  kind text not null check (kind in ('PRE', 'LIVE', 'POST')),
  url text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint,
  check (ends_at > starts_at)
);
create index event_windows_event on event_windows (event_id, starts_at);

create table bands (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  event_id uuid not null references events (id) on delete cascade,
  band_id text not null unique,
  uid text,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED', 'LOST')),
  registered_at timestamptz not null,
  registered_by_id uuid references users (id) on delete set null,
  station_id text,
  replaced_by_id uuid references bands (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint
);
create index bands_event on bands (event_id, created_at, id);
create index bands_org_uid on bands (org_id, uid);

create table band_attendees (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  band_id uuid not null unique references bands (id) on delete cascade,
  name text,
  email text,
  ticket_code text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint
);
create index band_attendees_org_email on band_attendees (org_id, lower(email));
create index band_attendees_org_ticket on band_attendees (org_id, ticket_code);

create table audit_log (
  id uuid primary key,
  org_id uuid references organizations (id) on delete cascade,
  actor_id uuid references users (id) on delete set null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_org_created on audit_log (org_id, created_at desc);
`);
    const synced: Array<[table: string, orgColumn: string]> = [
      ['organizations', 'id'],
      ['org_members', 'org_id'],
      ['events', 'org_id'],
      ['event_windows', 'org_id'],
      ['bands', 'org_id'],
      ['band_attendees', 'org_id'],
    ];
    for (const [table, orgColumn] of synced) {
      this.addSql(`create index ${table}_version on ${table} (${orgColumn}, version);`);
      this.addSql(
        `create trigger ${table}_version before insert or update on ${table} for each row execute function sync_stamp_version();`,
      );
      this.addSql(
        `create trigger ${table}_tombstone after delete on ${table} for each row execute function sync_write_tombstone('${orgColumn}');`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table if exists audit_log, band_attendees, bands, event_windows, events, invitations, org_members, sessions, users, organizations, tombstones;
drop function if exists sync_write_tombstone();
drop function if exists sync_stamp_version();
drop sequence if exists sync_version;
`);
  }
}
