import { Migration } from '@mikro-orm/migrations';

/**
 * One set of audit entity names (shared `AuditEntity`): rows written as `Organization`, `Event` and
 * `OrgSecret` take the names the Audit screen filters by.
 */
export class Migration20261205021000_audit_entity_names extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
update audit_log set entity = case entity
  when 'Organization' then 'organization' when 'Event' then 'event' when 'OrgSecret' then 'secret' end
 where entity in ('Organization', 'Event', 'OrgSecret');
`);
  }

  override async down(): Promise<void> {
    // The old names were inconsistent by accident; nothing needs them back.
  }
}
