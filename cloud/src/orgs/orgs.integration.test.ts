import { describe, expect, test } from 'vitest';
import { expectErrorCode, type TestCloud, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

let slugCounter = 0;
const slug = () => `org-${Date.now().toString(36)}-${++slugCounter}`;

describe('organizations', () => {
  test('a user creates an organization and becomes its only OWNER', async () => {
    const user = await t.newUser('Founder');
    const org = await user.caller.orgs.create({ name: 'Acme Events', slug: slug() });
    expect(org.role).toBe('OWNER');
    expect(await user.caller.orgs.listMine()).toEqual([expect.objectContaining({ id: org.id, role: 'OWNER' })]);
    expect(await user.caller.orgs.members({ orgId: org.id })).toEqual([
      expect.objectContaining({ userId: user.userId, role: 'OWNER' }),
    ]);
  });

  test('refuses a slug that is taken, and one that is not a slug', async () => {
    const user = await t.newUser();
    const s = slug();
    await user.caller.orgs.create({ name: 'One', slug: s });
    await expectErrorCode(user.caller.orgs.create({ name: 'Two', slug: s }), 'CONFLICT');
    await expectErrorCode(user.caller.orgs.create({ name: 'Three', slug: 'Not a slug!' }), 'BAD_INPUT');
  });

  test('the OWNER renames it and changes its branding; an EDITOR may not', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Before', slug: slug() });
    const updated = await owner.caller.orgs.update({
      orgId: org.id,
      name: 'After',
      branding: { primaryColor: '#ff0' },
    });
    expect(updated).toMatchObject({ name: 'After', branding: { primaryColor: '#ff0' } });
    const editor = await joinAs(owner.caller, org.id, 'EDITOR');
    await expectErrorCode(editor.caller.orgs.update({ orgId: org.id, name: 'Nope' }), 'FORBIDDEN');
  });

  test('listAll is for platform ADMINs only', async () => {
    const user = await t.newUser();
    await expectErrorCode(user.caller.orgs.listAll(), 'FORBIDDEN');
  });
});

/** Invites a fresh email with the role and accepts as a new account; returns the new member. */
async function joinAs(
  ownerCaller: Awaited<ReturnType<TestCloud['caller']>>,
  orgId: string,
  role: 'OWNER' | 'EDITOR' | 'VIEWER',
) {
  const email = `invitee-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const invitation = await ownerCaller.orgs.invite({ orgId, email, role });
  const accepted = await (await t.caller(null)).orgs.acceptInvite({
    token: invitation.token,
    name: 'Invitee',
    password: 'invitee password',
  });
  return { userId: accepted.user.id, email, token: accepted.token, caller: await t.caller(accepted.token) };
}

describe('invitations', () => {
  test('an invitee without an account accepts with a name and password and joins with the invited role', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Inviting', slug: slug() });
    const member = await joinAs(owner.caller, org.id, 'VIEWER');
    expect(await member.caller.orgs.listMine()).toEqual([expect.objectContaining({ id: org.id, role: 'VIEWER' })]);
    const members = await owner.caller.orgs.members({ orgId: org.id });
    expect(members.map((m) => m.role).sort()).toEqual(['OWNER', 'VIEWER']);
  });

  test('an invitation works once', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Once', slug: slug() });
    const invitation = await owner.caller.orgs.invite({ orgId: org.id, email: 'once@example.com', role: 'EDITOR' });
    const anonymous = await t.caller(null);
    await anonymous.orgs.acceptInvite({ token: invitation.token, name: 'Once', password: 'once password!' });
    await expectErrorCode(
      anonymous.orgs.acceptInvite({ token: invitation.token, name: 'Again', password: 'again password' }),
      'NOT_FOUND',
    );
  });

  test('an existing account accepts signed in, or with its own password; a wrong one is refused', async () => {
    const owner = await t.newUser();
    const invitee = await t.newUser('Existing Invitee');
    const anonymous = await t.caller(null);
    const first = await owner.caller.orgs.create({ name: 'Existing', slug: slug() });
    const invitation = await owner.caller.orgs.invite({ orgId: first.id, email: invitee.email, role: 'EDITOR' });
    const join = (password: string) => anonymous.orgs.acceptInvite({ token: invitation.token, name: 'X', password });
    await expectErrorCode(join('not the password'), 'INVALID_CREDENTIALS');
    const accepted = await join(invitee.password);
    expect(accepted).toMatchObject({ orgId: first.id, role: 'EDITOR', user: { id: invitee.userId } });
    expect((await (await t.caller(accepted.token)).auth.me()).user.name).toBe('Existing Invitee');
    const second = await owner.caller.orgs.create({ name: 'Existing two', slug: slug() });
    const another = await owner.caller.orgs.invite({ orgId: second.id, email: invitee.email, role: 'VIEWER' });
    await expect(invitee.caller.orgs.acceptInvite({ token: another.token })).resolves.toMatchObject({ role: 'VIEWER' });
  });

  test('opened without a session, an invitation answers alike whether its email has an account', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Probing', slug: slug() });
    const someone = await t.newUser('Someone');
    const answers = [];
    for (const email of [someone.email, `nobody-${Date.now()}@example.com`]) {
      const { token } = await owner.caller.orgs.invite({ orgId: org.id, email, role: 'VIEWER' });
      const response = await fetch(`${t.url}/trpc/orgs.acceptInvite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      answers.push({ status: response.status, body: await response.text() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(400);
  });

  test('wrong passwords through an invitation count with sign-in: after ten the account waits', async () => {
    const owner = await t.newUser();
    const invitee = await t.newUser('Guessed');
    const org = await owner.caller.orgs.create({ name: 'Guessing', slug: slug() });
    const { token } = await owner.caller.orgs.invite({ orgId: org.id, email: invitee.email, role: 'OWNER' });
    const anonymous = await t.caller(null);
    for (let i = 0; i < 10; i++) {
      await expectErrorCode(
        anonymous.orgs.acceptInvite({ token, name: 'X', password: `guess number ${i}` }),
        'INVALID_CREDENTIALS',
      );
    }
    await expectErrorCode(
      anonymous.orgs.acceptInvite({ token, name: 'X', password: invitee.password }),
      'RATE_LIMITED',
    );
    await expectErrorCode(anonymous.auth.login({ email: invitee.email, password: invitee.password }), 'RATE_LIMITED');
  });

  test('a signed-in user cannot accept an invitation meant for another email', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Other email', slug: slug() });
    const invitation = await owner.caller.orgs.invite({ orgId: org.id, email: 'someone@example.com', role: 'OWNER' });
    const intruder = await t.newUser('Intruder');
    await expectErrorCode(intruder.caller.orgs.acceptInvite({ token: invitation.token }), 'FORBIDDEN');
  });

  test('the OWNER lists pending invitations and revokes one, which then cannot be accepted', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Revoking', slug: slug() });
    const invitation = await owner.caller.orgs.invite({ orgId: org.id, email: 'maybe@example.com', role: 'VIEWER' });
    expect(await owner.caller.orgs.invitations({ orgId: org.id })).toEqual([
      expect.objectContaining({ invitationId: invitation.invitationId, email: 'maybe@example.com', role: 'VIEWER' }),
    ]);
    await owner.caller.orgs.revokeInvite({ orgId: org.id, invitationId: invitation.invitationId });
    expect(await owner.caller.orgs.invitations({ orgId: org.id })).toEqual([]);
    await expectErrorCode(
      (await t.caller(null)).orgs.acceptInvite({ token: invitation.token, name: 'Late', password: 'late password' }),
      'NOT_FOUND',
    );
  });

  test('only an OWNER invites', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Owner invites', slug: slug() });
    const editor = await joinAs(owner.caller, org.id, 'EDITOR');
    await expectErrorCode(
      editor.caller.orgs.invite({ orgId: org.id, email: 'x@example.com', role: 'OWNER' }),
      'FORBIDDEN',
    );
  });

  test('refuses an invitation with a bad email or role', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Bad invite', slug: slug() });
    await expectErrorCode(owner.caller.orgs.invite({ orgId: org.id, email: 'nope', role: 'EDITOR' }), 'BAD_INPUT');
    await expectErrorCode(
      owner.caller.orgs.invite({ orgId: org.id, email: 'a@example.com', role: 'KING' as 'OWNER' }),
      'BAD_INPUT',
    );
  });
});

describe('roles and removal', () => {
  test('the OWNER promotes and demotes members', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Roles', slug: slug() });
    const member = await joinAs(owner.caller, org.id, 'VIEWER');
    await owner.caller.orgs.changeRole({ orgId: org.id, userId: member.userId, role: 'EDITOR' });
    expect(await member.caller.orgs.get({ orgId: org.id })).toMatchObject({ role: 'EDITOR' });
    await expectErrorCode(
      member.caller.orgs.changeRole({ orgId: org.id, userId: member.userId, role: 'OWNER' }),
      'FORBIDDEN',
    );
  });

  test('the last OWNER can be neither demoted nor removed; with a second OWNER both work', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Last owner', slug: slug() });
    await expectErrorCode(
      owner.caller.orgs.changeRole({ orgId: org.id, userId: owner.userId, role: 'EDITOR' }),
      'LAST_OWNER',
    );
    await expectErrorCode(owner.caller.orgs.removeMember({ orgId: org.id, userId: owner.userId }), 'LAST_OWNER');
    const second = await joinAs(owner.caller, org.id, 'OWNER');
    await owner.caller.orgs.changeRole({ orgId: org.id, userId: owner.userId, role: 'EDITOR' });
    await second.caller.orgs.removeMember({ orgId: org.id, userId: owner.userId });
    expect((await second.caller.orgs.members({ orgId: org.id })).map((m) => m.userId)).toEqual([second.userId]);
  });

  test('a member may leave; a non-OWNER may not remove others', async () => {
    const owner = await t.newUser();
    const org = await owner.caller.orgs.create({ name: 'Leaving', slug: slug() });
    const a = await joinAs(owner.caller, org.id, 'EDITOR');
    const b = await joinAs(owner.caller, org.id, 'VIEWER');
    await expectErrorCode(a.caller.orgs.removeMember({ orgId: org.id, userId: b.userId }), 'FORBIDDEN');
    await b.caller.orgs.removeMember({ orgId: org.id, userId: b.userId });
    await expectErrorCode(b.caller.orgs.members({ orgId: org.id }), 'NOT_FOUND');
  });
});
