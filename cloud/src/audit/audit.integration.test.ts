import { AuditEntity } from '@sparkmotion/shared/schemas/audit.schema';
import { describe, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

describe('the audit log', () => {
  test('lists only what one person did when asked for that person', async () => {
    const orgId = t.orgId;
    const editor = await t.newUser('Editor');
    const invitation = await t.owner.orgs.invite({ orgId, email: editor.email, role: 'EDITOR' });
    await editor.caller.orgs.acceptInvite({ token: invitation.token });
    const event = { orgId, timezone: 'UTC', fallbackUrl: 'https://e.com' };
    await t.owner.events.create({ ...event, name: 'By the owner' });
    await editor.caller.events.create({ ...event, name: 'By the editor' });

    const byEditor = await t.owner.audit.list({ orgId, actorId: editor.userId, limit: 50 });
    expect(byEditor.items.map((a) => a.action)).toEqual(['event.create', 'member.join']);
    expect(byEditor.items[0]).toMatchObject({ actorId: editor.userId, after: { name: 'By the editor' } });
    const byOwner = await t.owner.audit.list({ orgId, actorId: t.demo.userId, entity: 'event', limit: 50 });
    expect(byOwner.items.map((a) => (a.after as { name?: string }).name)).toContain('By the owner');
    expect(byOwner.items.every((a) => a.actorId === t.demo.userId)).toBe(true);
  });

  test('settings and secret changes use the entity names the Audit screen filters by', async () => {
    const orgId = t.orgId;
    await t.owner.analytics.setPrivacy({ orgId, ipMode: 'NONE', retentionDays: 7 });
    await t.owner.trust.setPolicy({ orgId, eventId: t.demo.eventId, policy: 'FALLBACK' });
    await t.owner.trust.rotateNtagSecret({ orgId });
    const actions = async (entity: AuditEntity) =>
      (await t.owner.audit.list({ orgId, entity, limit: 50 })).items.map((a) => a.action);
    expect(await actions('organization')).toContain('org.setPrivacy');
    expect(await actions('event')).toContain('event.setTrustPolicy');
    expect(await actions('secret')).toContain('orgSecret.rotate');
    const { rows } = await t.db.query<{ entity: string }>('select distinct entity from audit_log');
    for (const { entity } of rows) expect(AuditEntity.options).toContain(entity);
  });
});
