import { Migration } from '@mikro-orm/migrations';

/**
 * The redirect draws the "tap again" page in the organization's branding, from the event it caches: a
 * change of an organization's branding drops every cached event of that organization, as a change of
 * `tap_privacy` does.
 */
const CREATE_TRIGGER = `
create function organization_branding_invalidate() returns trigger language plpgsql as $$ begin
  -- the organization's own id (a tap_privacy row carries it as org_id)
  perform pg_notify('redirect_invalidate', 'event:' || e.id) from events e where e.org_id = new.id;
  return null;
end $$;
create trigger organization_branding_redirect_invalidate after update of branding on organizations
  for each row when (old.branding is distinct from new.branding)
  execute function organization_branding_invalidate();
`;

export class Migration20261204224600_branding_invalidate extends Migration {
  override async up(): Promise<void> {
    this.addSql(CREATE_TRIGGER);
  }

  override async down(): Promise<void> {
    // Dropping the function drops its trigger with it.
    this.addSql('drop function if exists organization_branding_invalidate() cascade;');
  }
}
