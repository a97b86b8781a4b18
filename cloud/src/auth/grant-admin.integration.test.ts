import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';
import { grantAdmin } from './grant-admin.ts';

const t = useTestCloud();
let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: t.databaseUrl, max: 1 });
});
afterAll(() => pool?.end());

describe('granting the platform ADMIN role without SQL', () => {
  test('makes an existing user an admin, who then sees every organization; a second grant is no error', async () => {
    const user = await t.newUser('First admin');
    await expectErrorCode(user.caller.orgs.listAll(), 'FORBIDDEN');
    expect(await grantAdmin(pool, user.email.toUpperCase())).toEqual({ email: user.email, already: false });
    expect((await user.caller.orgs.listAll()).map((o) => o.id)).toContain(t.orgId);
    expect(await grantAdmin(pool, user.email)).toEqual({ email: user.email, already: true });
  });

  test.each([
    ['an address nobody signed up with', 'nobody@example.test', 'NOT_FOUND'],
    ['something that is not an email address', "x' or 1=1 --", 'BAD_INPUT'],
  ] as const)('refuses %s', async (_name, email, code) => {
    await expectErrorCode(grantAdmin(pool, email), code);
  });
});
