import { Migration } from '@mikro-orm/migrations';

/**
 * Exactly-once sync pushes (Replicache-style):
 * - `sync_clients`: per desktop client id, the user it belongs to and the last mutation id the cloud has
 *   processed. A push locks this row, so two deliveries of the same batch serialize and the second is a
 *   replay that changes nothing.
 * - `sync_mutation_results`: the outcome of mutations that were not simply applied (rejected with a
 *   reason, or transformed), so a replay after a lost response answers exactly what the first did.
 */
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
  }
}
