import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectErrorCode, startTestCloud, type TestCloud } from '../../test/support/index.ts';

/** The NTAG 424 DNA master key handed to desks: who may have it, every hand-out audited, rotation. */
let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' } });
});
afterAll(async () => {
  await tc.close();
});

async function member(role: 'EDITOR' | 'VIEWER') {
  const user = await tc.newUser(`${role} of the demo`);
  const invite = await tc.client.orgs.invite.mutate({ orgId: tc.demo.orgId, email: user.email, role });
  await user.caller.orgs.acceptInvite({ token: invite.token });
  return user;
}

const handOuts = async () =>
  JSON.stringify(await tc.client.audit.list.query({ orgId: tc.demo.orgId })).split('orgSecret.handOut').length - 1;

describe('the NTAG 424 DNA master key', () => {
  test('an editor’s desk gets every version, 16 bytes each, and each hand-out is audited', async () => {
    const editor = await member('EDITOR');
    const before = await handOuts();
    const keys = await editor.caller.trust.sdmMasterKeys({ orgId: tc.demo.orgId });
    expect(keys.version).toBe(1);
    expect(keys.versions).toEqual([{ version: 1, key: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
    expect(await editor.caller.trust.sdmMasterKeys({ orgId: tc.demo.orgId })).toEqual(keys);
    expect(await handOuts()).toBe(before + 2);
  });

  test('a viewer is refused, and to an owner of another organization the organization does not exist', async () => {
    const viewer = await member('VIEWER');
    await expectErrorCode(viewer.caller.trust.sdmMasterKeys({ orgId: tc.demo.orgId }), 'FORBIDDEN');
    const stranger = await tc.newUser('Stranger');
    await stranger.caller.orgs.create({ name: 'Stranger Org', slug: `stranger-${Date.now()}` });
    await expectErrorCode(stranger.caller.trust.sdmMasterKeys({ orgId: tc.demo.orgId }), 'NOT_FOUND');
  });

  test('an owner rotates it: the new version is current, the old one still handed out; an editor cannot', async () => {
    const editor = await member('EDITOR');
    await expectErrorCode(editor.caller.trust.rotateSdmMasterKey({ orgId: tc.demo.orgId }), 'FORBIDDEN');
    const before = await tc.client.trust.sdmMasterKeys.query({ orgId: tc.demo.orgId });
    const { version } = await tc.client.trust.rotateSdmMasterKey.mutate({ orgId: tc.demo.orgId });
    const after = await tc.client.trust.sdmMasterKeys.query({ orgId: tc.demo.orgId });
    expect(after.version).toBe(version);
    expect(version).toBe(before.version + 1);
    expect(after.versions.slice(0, -1)).toEqual(before.versions);
    expect(after.versions.at(-1)!.key).not.toBe(before.versions.at(-1)!.key);
    expect(JSON.stringify(await tc.client.audit.list.query({ orgId: tc.demo.orgId }))).toContain(':NTAG424');
  });
});
