import { Migration } from '@mikro-orm/migrations';

/**
 * Exactly-once sync pushes (Replicache-style):
 * - `sync_clients`: per desktop client id, the user it belongs to and the last mutation id the cloud has
 *   processed. A push locks this row, so two deliveries of the same batch serialize and the second is a
 *   replay that changes nothing.
 * - `sync_mutation_results`: the outcome of mutations that were not simply applied (rejected with a
 *   reason, or transformed), so a replay after a lost response answers exactly what the first did.
 * - A pull barrier. Versions are taken from the sequence when a row is written, but transactions commit
 *   in any order: a pull could see version 101 committed while 100 is still in flight, move its cursor
 *   past 100, and never see that row. So every transaction that takes a version (the version and
 *   tombstone triggers) holds a shared advisory lock until it ends, and a pull takes the same lock
 *   exclusively: it waits for in-flight writers, and while it reads, every version it can see is final.
 */
/** The advisory lock key of the pull barrier; `SYNC_PULL_BARRIER` in cloud/src/sync/pull.ts. */
const BARRIER = 'perform pg_advisory_xact_lock_shared(1398361667);';

const stampVersion = (barrier: string) => `
create or replace function sync_stamp_version() returns trigger language plpgsql as $$
begin
  ${barrier}
  new.version := nextval('sync_version');
  return new;
end $$;`;

const writeTombstone = (barrier: string) => `
create or replace function sync_write_tombstone() returns trigger language plpgsql as $$
begin
  ${barrier}
  insert into tombstones (entity, entity_id, org_id)
  values (TG_TABLE_NAME, old.id, (to_jsonb(old) ->> TG_ARGV[0])::uuid);
  return old;
end $$;`;

export class Migration20261125180000_sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table sync_clients (
  client_id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  last_mutation_id bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sync_clients_user on sync_clients (user_id);

${stampVersion(BARRIER)}
${writeTombstone(BARRIER)}

create table sync_mutation_results (
  client_id uuid not null references sync_clients (client_id) on delete cascade,
  mutation_id bigint not null,
  status text not null check (status in ('rejected', 'transformed')),
  code text,
  message text not null,
  created_at timestamptz not null default now(),
  primary key (client_id, mutation_id)
);
`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sync_mutation_results, sync_clients;');
    this.addSql(stampVersion(''));
    this.addSql(writeTombstone(''));
  }
}
