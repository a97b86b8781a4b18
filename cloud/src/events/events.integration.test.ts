import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestCloud, type TestCloud } from '../../test/support/index.ts';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t?.close());

test('the demo owner lists the demo event over HTTP', async () => {
  const page = await t.client.events.list.query({ orgId: t.demo.orgId });
  expect(page.items.map((e) => e.name)).toEqual(['Demo Festival']);
});
