import { Migration } from '@mikro-orm/migrations';

/**
 * Organization tag secrets, versioned and encrypted at rest (docs/secrets.md):
 * - `org_secrets`: one row per organization, kind (NTAG21X password secret, NTAG424 master key) and
 *   version; `sealed` is envelope-encrypted under the key-encryption key `key_id` (SECRETS_KEYS).
 * - The plaintext rows of `org_tag_secrets` move over as version 1 under the key id `plaintext`: SQL
 *   cannot encrypt with a key it does not have, so the cloud seals them at its next start
 *   (`sealOrgSecrets`) and nothing reads a `plaintext` row before that.
 * - `bands.secret_version`: the version of its organization's secret a band was written with (null: 1,
 *   every band encoded before versions).
 */
export class Migration20261204210000_org_secrets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table org_secrets (
  org_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('NTAG21X', 'NTAG424')),
  version integer not null check (version >= 1),
  key_id text not null,
  sealed bytea not null,
  created_at timestamptz not null default now(),
  primary key (org_id, kind, version)
);

insert into org_secrets (org_id, kind, version, key_id, sealed, created_at)
select org_id, 'NTAG21X', 1, 'plaintext', ntag_secret, created_at from org_tag_secrets
union all
select org_id, 'NTAG424', 1, 'plaintext', sdm_master_key, created_at from org_tag_secrets;

drop table org_tag_secrets;

alter table bands add column secret_version integer check (secret_version >= 1);
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table bands drop column secret_version;
create table org_tag_secrets (
  org_id uuid primary key references organizations (id) on delete cascade,
  ntag_secret bytea not null check (length(ntag_secret) >= 16),
  sdm_master_key bytea not null check (length(sdm_master_key) = 16),
  created_at timestamptz not null default now()
);
drop table org_secrets;
`);
  }
}
