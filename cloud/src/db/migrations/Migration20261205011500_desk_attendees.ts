import { Migration } from '@mikro-orm/migrations';

/**
 * Attendees on desks (docs/attendees.md):
 * - `organizations.desk_attendees`: how much of an attendee a desk may hold (FULL / NAME_AND_TICKET / NONE).
 * - A pull sends a band with its attendee when either row's version moved. An attendee row that goes away
 *   (unlinked, or moved to a replacement band) leaves a tombstone the desk cannot map to a band, so the band
 *   it left takes a new version instead, and the desk gets that band again, without its attendee.
 */
export class Migration20261205011500_desk_attendees extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table organizations add column desk_attendees text not null default 'NAME_AND_TICKET'
  check (desk_attendees in ('FULL', 'NAME_AND_TICKET', 'NONE'));

create function band_attendee_left() returns trigger language plpgsql as $$ begin
  update bands set updated_at = now() where id = old.band_id;
  return null;
end $$;
create trigger band_attendees_unlinked after delete on band_attendees
  for each row execute function band_attendee_left();
create trigger band_attendees_moved after update of band_id on band_attendees
  for each row when (old.band_id is distinct from new.band_id) execute function band_attendee_left();
`);
  }

  override async down(): Promise<void> {
    // Dropping the function drops its trigger with it.
    this.addSql('drop function if exists band_attendee_left() cascade;');
    this.addSql('alter table organizations drop column if exists desk_attendees;');
  }
}
