import { connect, createServer, type Socket } from 'node:net';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOrgSecretStore } from './org-secret-store.ts';
import { createCloudSdmKeys, createCloudTagSecrets } from './tag-secrets.ts';
import { newMember } from './testing/cloud-bands.ts';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

describe("the desk gets its organization's NTAG secret from the cloud", () => {
  test('for an event of an organization the signed-in user edits; the same secret each time', async () => {
    const source = () =>
      createCloudTagSecrets({
        session: async () => ({ cloudUrl: cloud.url, token: cloud.token, email: cloud.demo.email }),
        kept: createOrgSecretStore(null),
        orgOfEvent: async (eventId) => (eventId === cloud.demo.eventId ? cloud.demo.orgId : null),
      });
    const secrets = source();
    const first = await secrets(cloud.demo.eventId);
    expect(first?.version).toBe(1);
    expect(first?.secrets.get(1)).toHaveLength(32);
    expect(await secrets(cloud.demo.eventId)).toBe(first);
    expect(await secrets('an-event-this-desk-does-not-know')).toBeNull();

    // After a rotation: the new version is current, the old one still there to open bands written with it.
    await cloud.client.trust.rotateNtagSecret.mutate({ orgId: cloud.demo.orgId });
    const rotated = await source()(cloud.demo.eventId);
    expect(rotated?.version).toBe(2);
    expect(rotated?.secrets).toEqual(new Map([...first!.secrets, [2, expect.any(Buffer)]]));
    expect(rotated?.secrets.get(2)).not.toEqual(first?.secrets.get(1));
  });

  test('null for a user outside the organization, and quickly null when the cloud does not answer', async () => {
    const stranger = await cloud.newUser('Desk of another org');
    const refused = createCloudTagSecrets({
      session: async () => ({ cloudUrl: cloud.url, token: stranger.token, email: stranger.email }),
      kept: createOrgSecretStore(null),
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
        kept: createOrgSecretStore(null),
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

describe("the desk gets its organization's NTAG 424 DNA master keys from the cloud", () => {
  test('every version, once per session: after the first fetch the desk has them with the cloud gone', async () => {
    // The desk reaches the cloud through a link that can be cut.
    let up = true;
    const open = new Set<Socket>();
    const target = new URL(cloud.url);
    const link = createServer((socket) => {
      if (!up) return socket.destroy();
      open.add(socket);
      const upstream = connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => link.listen(0, '127.0.0.1', resolve));
    const cloudUrl = `http://127.0.0.1:${(link.address() as { port: number }).port}`;
    try {
      const source = () =>
        createCloudSdmKeys({
          session: async () => ({ cloudUrl, token: cloud.token, email: cloud.demo.email }),
          kept: createOrgSecretStore(null),
          orgOfEvent: async () => cloud.demo.orgId,
          timeoutMs: 500,
        });
      const keys = source();
      await cloud.client.trust.rotateSdmMasterKey.mutate({ orgId: cloud.demo.orgId });
      const fetched = await keys(cloud.demo.eventId);
      expect(fetched?.version).toBe(2);
      expect([...(fetched?.masterKeys.keys() ?? [])]).toEqual([1, 2]);
      for (const key of fetched?.masterKeys.values() ?? []) expect(key).toHaveLength(16);
      expect(JSON.stringify(await cloud.client.audit.list.query({ orgId: cloud.demo.orgId }))).toContain(
        'orgSecret.handOut',
      );
      up = false;
      for (const socket of open) socket.destroy(); // kept-alive connections too
      expect(await keys(cloud.demo.eventId)).toBe(fetched);
      expect(await source()(cloud.demo.eventId)).toBeNull(); // a desk that had not fetched them has none
    } finally {
      link.close();
    }
  });

  test('null for a user who may not have them (a viewer)', async () => {
    const viewer = await newMember(cloud, 'VIEWER', 'Viewer desk');
    const keys = createCloudSdmKeys({
      session: async () => ({ cloudUrl: cloud.url, token: viewer.token, email: viewer.email }),
      kept: createOrgSecretStore(null),
      orgOfEvent: async () => cloud.demo.orgId,
    });
    expect(await keys(cloud.demo.eventId)).toBeNull();
  });
});
