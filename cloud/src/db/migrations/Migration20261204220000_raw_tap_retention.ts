import { Migration } from '@mikro-orm/migrations';

/**
 * Raw-tap retention (docs/analytics.md): per organization, after how many days its raw taps are deleted
 * (null: the deployment's `TAP_RAW_RETENTION_DAYS`, 90 by default). The rollups keep counting them.
 */
export class Migration20261204220000_raw_tap_retention extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table tap_privacy add column raw_retention_days integer check (raw_retention_days between 1 and 3650);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table tap_privacy drop column raw_retention_days;');
  }
}
