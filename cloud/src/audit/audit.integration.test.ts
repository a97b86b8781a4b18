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
});
