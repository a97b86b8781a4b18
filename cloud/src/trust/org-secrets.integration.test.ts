import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';
import { createSecretBox } from '../secrets/secret-box.ts';
import { currentOrgSecret, type Execute, orgSecretVersions, rotateOrgSecret, sealOrgSecrets } from './org-secrets.ts';

/** Organization tag secrets: sealed at rest, versioned, re-wrapped on a key rotation. */
let execute: Execute;

const tc = useTestCloud({ env: { REDIS_URL: '' } });

beforeAll(async () => {
  const connection = tc.cloud.orm.em.getConnection();
  execute = (sql, params) => connection.execute(sql, params);
});

const rowsOf = async (orgId: string) =>
  (
    await tc.db.query<{ kind: string; version: number; key_id: string; sealed: Buffer }>(
      'select kind, version, key_id, sealed from org_secrets where org_id = $1 order by kind, version',
      [orgId],
    )
  ).rows;

describe('organization tag secrets', () => {
  test('are stored sealed: the secret a desk gets appears nowhere in the table', async () => {
    const { ntagSecret, version } = await tc.client.trust.ntagSecret.query({ orgId: tc.demo.orgId });
    expect(version).toBe(1);
    const secret = Buffer.from(ntagSecret, 'hex');
    const rows = await rowsOf(tc.demo.orgId);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key_id).toBe(tc.config.secrets.keyring.currentId);
      expect(row.sealed.includes(secret)).toBe(false);
    }
    const dump = await tc.db.query<{ all: string }>(
      `select string_agg(encode(sealed, 'hex'), '') as all from org_secrets`,
    );
    expect(dump.rows[0]!.all).not.toContain(ntagSecret);
  });

  test('a sealed secret copied onto another organization does not open there', async () => {
    const other = await tc.newUser('Other Owner');
    const org = await other.caller.orgs.create({ name: 'Other Org', slug: `other-${Date.now()}` });
    const mine = await currentOrgSecret(execute, tc.cloud.contextDeps.secretBox, tc.demo.orgId, 'NTAG21X');
    await tc.db.query(
      `insert into org_secrets (org_id, kind, version, key_id, sealed)
       select $2, kind, version, key_id, sealed from org_secrets where org_id = $1 and kind = 'NTAG21X'`,
      [tc.demo.orgId, org.id],
    );
    await expect(
      currentOrgSecret(execute, tc.cloud.contextDeps.secretBox, org.id, 'NTAG21X'),
      `not ${mine.secret.toString('hex')}`,
    ).rejects.toThrow(/does not open/);
    await tc.db.query('delete from org_secrets where org_id = $1', [org.id]);
  });

  test('an owner rotates the NTAG secret: a new current version, the older ones still listed, audited', async () => {
    const before = await tc.client.trust.ntagSecret.query({ orgId: tc.demo.orgId });
    const { version } = await tc.client.trust.rotateNtagSecret.mutate({ orgId: tc.demo.orgId });
    expect(version).toBe(before.version + 1);
    const after = await tc.client.trust.ntagSecret.query({ orgId: tc.demo.orgId });
    expect(after.version).toBe(version);
    expect(after.ntagSecret).not.toBe(before.ntagSecret);
    expect(after.versions.map((v) => v.version)).toEqual([...before.versions.map((v) => v.version), version]);
    expect(after.versions.find((v) => v.version === before.version)?.ntagSecret).toBe(before.ntagSecret);
    const audit = await tc.client.audit.list.query({ orgId: tc.demo.orgId });
    expect(JSON.stringify(audit)).toContain('orgSecret.rotate');
  });

  test('an editor may fetch the secret but not rotate it', async () => {
    const editor = await tc.newUser('Editor');
    const invite = await tc.client.orgs.invite.mutate({ orgId: tc.demo.orgId, email: editor.email, role: 'EDITOR' });
    await editor.caller.orgs.acceptInvite({ token: invite.token });
    await editor.caller.trust.ntagSecret({ orgId: tc.demo.orgId });
    await expectErrorCode(editor.caller.trust.rotateNtagSecret({ orgId: tc.demo.orgId }), 'FORBIDDEN');
  });

  test('rotations at once all succeed and leave consecutive versions', async () => {
    const box = tc.cloud.contextDeps.secretBox;
    await currentOrgSecret(execute, box, tc.demo.orgId, 'NTAG424');
    const rotated = await Promise.all(
      Array.from({ length: 5 }, () => rotateOrgSecret(execute, box, tc.demo.orgId, 'NTAG424')),
    );
    const versions = (await orgSecretVersions(execute, box, tc.demo.orgId, 'NTAG424')).map((v) => v.version);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    for (const { version } of rotated) expect(versions).toContain(version);
  });

  test('a key rotation re-wraps every row under the new key at start; the old key can then be dropped', async () => {
    const oldBox = tc.cloud.contextDeps.secretBox;
    const before = await orgSecretVersions(execute, oldBox, tc.demo.orgId, 'NTAG21X');
    const next = randomBytes(32);
    const oldKeyring = tc.config.secrets.keyring;
    const both = createSecretBox({
      currentId: 'next',
      keys: new Map([['next', next], ...oldKeyring.keys]),
    });
    const { changed, unreadable } = await sealOrgSecrets(execute, both);
    expect(unreadable).toEqual([]);
    expect(changed).toBeGreaterThanOrEqual(before.length);
    expect(new Set((await tc.db.query('select key_id from org_secrets')).rows.map((r) => r.key_id))).toEqual(
      new Set(['next']),
    );
    const onlyNext = createSecretBox({ currentId: 'next', keys: new Map([['next', next]]) });
    const after = await orgSecretVersions(execute, onlyNext, tc.demo.orgId, 'NTAG21X');
    expect(after.map((v) => v.secret.toString('hex'))).toEqual(before.map((v) => v.secret.toString('hex')));
    // Back to the cloud's own key, for the tests after this one.
    await sealOrgSecrets(
      execute,
      createSecretBox({ currentId: oldKeyring.currentId, keys: new Map([...oldKeyring.keys, ['next', next]]) }),
    );
  });

  test('plaintext rows left by the migration from before encryption are sealed at start, same secret', async () => {
    const user = await tc.newUser('Legacy Owner');
    const org = await user.caller.orgs.create({ name: 'Legacy Org', slug: `legacy-${Date.now()}` });
    const legacy = randomBytes(32);
    await tc.db.query(
      `insert into org_secrets (org_id, kind, version, key_id, sealed) values ($1, 'NTAG21X', 1, 'plaintext', $2)`,
      [org.id, legacy],
    );
    const box = tc.cloud.contextDeps.secretBox;
    await expect(currentOrgSecret(execute, box, org.id, 'NTAG21X')).rejects.toThrow(/not sealed yet/);
    expect(await sealOrgSecrets(execute, box)).toEqual({ changed: 1, unreadable: [] });
    const [row] = await rowsOf(org.id);
    expect(row!.key_id).toBe(box.currentKeyId);
    expect(row!.sealed.includes(legacy)).toBe(false);
    expect((await currentOrgSecret(execute, box, org.id, 'NTAG21X')).secret.equals(legacy)).toBe(true);
  });
});
