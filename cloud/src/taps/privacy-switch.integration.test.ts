import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PHONE_USER_AGENT, useTestCloud } from '../../test/support/index.ts';

/**
 * Switching the IP mode takes effect on the next taps of every instance, though each has cached the event
 * (in memory and in Redis) with the old mode: the switch invalidates the redirect's caches everywhere, so
 * the local tap log (written before the answer) keeps no IP from then on.
 */
const tc = useTestCloud();

/** Taps `bandId` on the instance at `url`; answers the IP its local tap log kept. */
async function tapAndReadIp(url: string, dataDir: string, bandId: string): Promise<string> {
  const res = await fetch(`${url}/e?bandId=${bandId}`, {
    redirect: 'manual',
    headers: { 'user-agent': PHONE_USER_AGENT },
  });
  const id = res.headers.get('x-tap-id')!;
  const dir = join(dataDir, 'taps');
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.taps')) continue;
    const line = (await readFile(join(dir, name), 'utf8')).split('\n').find((l) => l.includes(id));
    if (line) return JSON.parse(line).ip;
  }
  throw new Error(`tap ${id} is not in ${dir}`);
}

test('after a switch to NONE, the next taps on every instance keep no IP on disk', async () => {
  const other = await tc.anotherInstance();
  const instances = [
    { url: tc.url, dataDir: tc.config.dataDir },
    { url: other.url, dataDir: other.config.dataDir },
  ];
  const bandId = tc.demo.bandIds[0]!;
  await tc.client.analytics.setPrivacy.mutate({ orgId: tc.demo.orgId, ipMode: 'FULL', retentionDays: 30 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Both instances cache the event (and Redis holds it) with FULL.
  for (const i of instances) expect(await tapAndReadIp(i.url, i.dataDir, bandId)).toMatch(/127\.0\.0\.1$/);
  await tc.client.analytics.setPrivacy.mutate({ orgId: tc.demo.orgId, ipMode: 'NONE', retentionDays: 30 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const i of instances) expect(await tapAndReadIp(i.url, i.dataDir, bandId)).toBe('');
});
