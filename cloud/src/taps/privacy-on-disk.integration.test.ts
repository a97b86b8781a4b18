import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestCloud, type TestCloud } from '../../test/support/index.ts';

/** The local tap log holds only what the organization chose to keep, readable by the cloud's user alone. */
let tc: TestCloud;
let tapsDir: string;

beforeAll(async () => {
  tc = await startTestCloud({ env: { REDIS_URL: '' } });
  tapsDir = join(tc.config.dataDir, 'taps');
});
afterAll(() => tc.close());

/** Taps from 127.0.0.1 (the test's own client); returns the lines of the local log they left. */
async function tapAndReadSpool(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${tc.url}/e?bandId=${tc.demo.bandIds[i % 3]}`, { redirect: 'manual' });
    ids.push(res.headers.get('x-tap-id')!);
  }
  const lines: string[] = [];
  for (const name of await readdir(tapsDir)) {
    if (!name.endsWith('.taps')) continue;
    for (const line of (await readFile(join(tapsDir, name), 'utf8')).split('\n')) {
      if (ids.some((id) => line.includes(id))) lines.push(line);
    }
  }
  expect(lines).toHaveLength(count);
  return lines;
}

async function setIpMode(ipMode: 'FULL' | 'ANONYMIZED' | 'NONE') {
  await tc.client.analytics.setPrivacy.mutate({ orgId: tc.demo.orgId, ipMode, retentionDays: 30 });
  // The redirect's cached event learns the new mode through NOTIFY.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('privacy on disk', () => {
  test('spool files and their folder are readable by the owner only', async () => {
    await tapAndReadSpool(1);
    expect((await stat(tapsDir)).mode & 0o777).toBe(0o700);
    const names = await readdir(tapsDir);
    expect(names.some((name) => name.endsWith('.taps'))).toBe(true);
    for (const name of names)
      expect({ name, mode: (await stat(join(tapsDir, name))).mode & 0o077 }).toEqual({ name, mode: 0 });
  });

  test('with IP mode NONE no IP reaches the disk', async () => {
    await setIpMode('NONE');
    for (const line of await tapAndReadSpool(5)) {
      expect(JSON.parse(line).ip).toBe('');
      expect(line).not.toContain('127.0.0.1');
    }
  });

  test('with ANONYMIZED (the default) only the anonymized IP reaches the disk; FULL keeps it whole', async () => {
    await setIpMode('ANONYMIZED');
    for (const line of await tapAndReadSpool(3)) expect(JSON.parse(line).ip).toBe('127.0.0.0');
    await setIpMode('FULL');
    for (const line of await tapAndReadSpool(3)) expect(JSON.parse(line).ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  test('an unknown band’s tap (no organization yet) keeps the default, anonymized', async () => {
    const res = await fetch(`${tc.url}/e?bandId=NoSuchBandAtAll123`, { redirect: 'manual' });
    const id = res.headers.get('x-tap-id')!;
    await tc.cloud.taps.drain();
    let found = '';
    for (const name of await readdir(tapsDir)) {
      if (!name.endsWith('.taps')) continue;
      found += (await readFile(join(tapsDir, name), 'utf8')).split('\n').find((line) => line.includes(id)) ?? '';
    }
    expect(JSON.parse(found).ip).toBe('127.0.0.0');
  });
});

describe('settings changes are audited', () => {
  test('analytics.setPrivacy and trust.setPolicy appear in the audit log with before and after', async () => {
    await tc.client.analytics.setPrivacy.mutate({ orgId: tc.demo.orgId, ipMode: 'NONE', retentionDays: 7 });
    await tc.client.trust.setPolicy.mutate({ orgId: tc.demo.orgId, eventId: tc.demo.eventId, policy: 'FALLBACK' });
    const { items } = await tc.client.audit.list.query({ orgId: tc.demo.orgId });
    const privacy = items.find((entry) => entry.action === 'org.setPrivacy');
    const policy = items.find((entry) => entry.action === 'event.setTrustPolicy');
    expect(privacy).toMatchObject({ after: { ipMode: 'NONE', retentionDays: 7 } });
    expect(policy).toMatchObject({
      entityId: tc.demo.eventId,
      before: { trustPolicy: 'SAME_PAGE' },
      after: { trustPolicy: 'FALLBACK' },
    });
  });
});
