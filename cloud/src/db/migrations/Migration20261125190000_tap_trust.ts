import { Migration } from '@mikro-orm/migrations';

/**
 * Tap trust (docs/tap-trust.md):
 * - `bands.trust`: how the band proves its taps (NONE: encoded before tap trust; NTAG21X_MIRROR: UID +
 *   counter mirror; NTAG424_SUN: SUN messages). The registered UID is `bands.uid` already.
 * - `band_trust_state`: per band, the last tap counter accepted as genuine: the record behind the Redis
 *   counter gate (its floor after Redis lost a key). Kept apart from `bands`, whose updates are
 *   sync-visible: a tap must not make every desk pull the band again.
 * - `org_tag_secrets`: per organization, the NTAG21x password secret and the NTAG 424 DNA master key.
 *   Only the tap pipeline and the encoding path read them; no API returns them.
 * - `tap_log.trust_*`: each tap's verdict, reason and evidence (mirrored UID and counter).
 * - `events.trust_policy`: where REPLAYED/COPIED taps go: SAME_PAGE (default) or FALLBACK.
 */
export class Migration20261125190000_tap_trust extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table bands add column trust text not null default 'NONE'
  check (trust in ('NONE', 'NTAG21X_MIRROR', 'NTAG424_SUN'));

create table band_trust_state (
  band_id text primary key,
  last_counter integer not null check (last_counter between 0 and 16777215),
  updated_at timestamptz not null default now()
);

create table org_tag_secrets (
  org_id uuid primary key references organizations (id) on delete cascade,
  ntag_secret bytea not null check (length(ntag_secret) >= 16),
  sdm_master_key bytea not null check (length(sdm_master_key) = 16),
  created_at timestamptz not null default now()
);

alter table tap_log
  add column trust_verdict text check (trust_verdict in ('GENUINE', 'REPLAYED', 'COPIED', 'UNVERIFIED')),
  add column trust_reason text,
  add column trust_uid text,
  add column trust_counter integer;
create index tap_log_event_trust on tap_log (event_id, trust_verdict) where trust_verdict in ('REPLAYED', 'COPIED');

alter table events add column trust_policy text not null default 'SAME_PAGE'
  check (trust_policy in ('SAME_PAGE', 'FALLBACK'));
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table events drop column trust_policy;
drop index tap_log_event_trust;
alter table tap_log drop column trust_verdict, drop column trust_reason, drop column trust_uid, drop column trust_counter;
drop table org_tag_secrets;
drop table band_trust_state;
alter table bands drop column trust;
`);
  }
}
