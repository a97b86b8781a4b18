import { Migration } from '@mikro-orm/migrations';

/**
 * The redirect applies the organization's IP mode before a tap reaches the local disk, from the event it
 * caches: a change of `tap_privacy` drops every cached event of that organization (as a change of the
 * event itself does), so the new mode is on disk within a second.
 */
export class Migration20261204213000_privacy_invalidate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create function tap_privacy_invalidate() returns trigger language plpgsql as $$
begin
  perform pg_notify('redirect_invalidate', 'event:' || e.id) from events e where e.org_id = new.org_id;
  return null;
end $$;
create trigger tap_privacy_redirect_invalidate after insert or update on tap_privacy
  for each row execute function tap_privacy_invalidate();
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists tap_privacy_redirect_invalidate on tap_privacy;
drop function if exists tap_privacy_invalidate();
`);
  }
}
