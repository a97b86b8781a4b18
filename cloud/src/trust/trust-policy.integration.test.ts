import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorCodeOf, startTestCloud, type TestCloud } from '../../test/support/index.ts';

/** The console reads an event's tap-trust policy back before offering to change it. */
let tc: TestCloud;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' } });
});
afterAll(async () => {
  await tc.close();
});

describe('tap-trust policy', () => {
  test('an event reads back the policy last set, SAME_PAGE until then', async () => {
    const scope = { orgId: tc.demo.orgId, eventId: tc.demo.eventId };
    expect(await tc.client.trust.policy.query(scope)).toEqual({ eventId: scope.eventId, policy: 'SAME_PAGE' });
    await tc.client.trust.setPolicy.mutate({ ...scope, policy: 'FALLBACK' });
    expect(await tc.client.trust.policy.query(scope)).toEqual({ eventId: scope.eventId, policy: 'FALLBACK' });
  });

  test("another organization's event is not found through one's own organization", async () => {
    const other = await tc.client.orgs.create.mutate({ name: 'Other', slug: `other-${Date.now().toString(36)}` });
    const error = await tc.client.trust.policy.query({ orgId: other.id, eventId: tc.demo.eventId }).catch((e) => e);
    expect(errorCodeOf(error)).toBe('NOT_FOUND');
  });
});
