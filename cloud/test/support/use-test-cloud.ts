import { afterAll, beforeAll } from 'vitest';
import { startTestCloud, type TestCloud, type TestCloudOptions } from './test-cloud.ts';

/**
 * One test cloud for the calling test file: started before its first test, closed after its last. The
 * handle is usable from inside hooks and tests; reading it at import time, before the cloud started, is
 * a mistake and says so.
 *
 *   const t = useTestCloud();
 *   test('…', async () => { await t.owner.events.list({ orgId: t.orgId }); });
 */
export function useTestCloud(options: TestCloudOptions = {}): TestCloud {
  let started: TestCloud | undefined;
  beforeAll(async () => {
    started = await startTestCloud(options);
  });
  afterAll(() => started?.close());
  return new Proxy({} as TestCloud, {
    get(_target, key) {
      if (!started) throw new Error(`The test cloud is not started yet (read .${String(key)} inside a hook or test)`);
      return Reflect.get(started, key);
    },
  });
}
