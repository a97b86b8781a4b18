import { Migration } from '@mikro-orm/migrations';

/**
 * The events and audit lists page through MikroORM, whose `createdAt` is a JS Date (milliseconds), while
 * `default now()` — the desk registration's audit rows — wrote microseconds: a page's cursor then fell before its
 * own row and the next page skipped the rows in between. The columns now keep what the entity holds.
 */
export class Migration20261204224500_list_keys_millis extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table events alter column created_at type timestamptz(3);
alter table audit_log alter column created_at type timestamptz(3);`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table events alter column created_at type timestamptz;
alter table audit_log alter column created_at type timestamptz;`);
  }
}
