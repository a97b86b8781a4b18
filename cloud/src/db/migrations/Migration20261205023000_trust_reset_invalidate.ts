import { Migration } from '@mikro-orm/migrations';

/**
 * The redirect's FALLBACK guard keeps each band's tap counter in memory (trust/trust-policy.ts): forgetting
 * a band's counter on record (the organizer's reset) tells every instance to forget it too, on the
 * redirect's invalidation channel, so the band's next tap is not diverted by a mark the record no longer has.
 */
const CREATE_TRIGGER = `
create function band_trust_state_invalidate() returns trigger language plpgsql as $$ begin
  perform pg_notify('redirect_invalidate', 'trust:' || old.band_id);
  return null;
end $$;
create trigger band_trust_state_redirect_invalidate after delete on band_trust_state
  for each row execute function band_trust_state_invalidate();
`;

export class Migration20261205023000_trust_reset_invalidate extends Migration {
  override async up(): Promise<void> {
    this.addSql(CREATE_TRIGGER);
  }

  override async down(): Promise<void> {
    // Dropping the function drops its trigger with it.
    this.addSql('drop function if exists band_trust_state_invalidate() cascade;');
  }
}
