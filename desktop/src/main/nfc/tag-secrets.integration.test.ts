import { createServer } from 'node:net';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCloudTagSecrets } from './tag-secrets.ts';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

describe("the desk gets its organization's NTAG secret from the cloud", () => {
  test('for an event of an organization the signed-in user edits; the same secret each time', async () => {
    const secrets = createCloudTagSecrets({
      session: async () => ({ cloudUrl: cloud.url, token: cloud.token, email: cloud.demo.email }),
      orgOfEvent: async (eventId) => (eventId === cloud.demo.eventId ? cloud.demo.orgId : null),
    });
    const secret = await secrets(cloud.demo.eventId);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await secrets(cloud.demo.eventId)).toBe(secret);
    expect(await secrets('an-event-this-desk-does-not-know')).toBeNull();
  });

  test('null for a user outside the organization, and quickly null when the cloud does not answer', async () => {
    const stranger = await cloud.newUser('Desk of another org');
    const refused = createCloudTagSecrets({
      session: async () => ({ cloudUrl: cloud.url, token: stranger.token, email: stranger.email }),
      orgOfEvent: async () => cloud.demo.orgId,
    });
    expect(await refused(cloud.demo.eventId)).toBeNull();

    // A cloud that accepts the connection and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const offline = createCloudTagSecrets({
        session: async () => ({ cloudUrl: `http://127.0.0.1:${port}`, token: cloud.token, email: cloud.demo.email }),
        orgOfEvent: async () => cloud.demo.orgId,
        timeoutMs: 200,
      });
      const started = performance.now();
      expect(await offline(cloud.demo.eventId)).toBeNull();
      // Remembered as failed: the next tap does not wait again.
      expect(await offline(cloud.demo.eventId)).toBeNull();
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      silent.close();
    }
  });
});
