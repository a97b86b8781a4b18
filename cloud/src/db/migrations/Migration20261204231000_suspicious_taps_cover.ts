import { Migration } from '@mikro-orm/migrations';

/**
 * The partial index on suspicious taps (REPLAYED/COPIED, rare) now holds what `trust.suspiciousBands` reads
 * of them, in band order: the list is an index-only scan, no heap page per tap (docs/analytics.md; at
 * 10,000,000 taps, 10,187 of them suspicious: 86–91 ms → 22–23 ms from a fresh connection). Only suspicious
 * taps pay for the wider entry. Same name, so the trust migration's `down` still finds it.
 */
export class Migration20261204231000_suspicious_taps_cover extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
drop index tap_log_event_trust;
create index tap_log_event_trust on tap_log (event_id, band_id)
  include (trust_verdict, tapped_at, trust_reason, trust_uid, trust_counter)
  where trust_verdict in ('REPLAYED', 'COPIED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index tap_log_event_trust;
create index tap_log_event_trust on tap_log (event_id, trust_verdict) where trust_verdict in ('REPLAYED', 'COPIED');`);
  }
}
