import { request } from 'node:http';
import { beforeAll, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';

// Behind a trusted load balancer (TRUST_PROXY=true) the client is the last X-Forwarded-For hop.

const tc = useTestCloud({ env: { TRUST_PROXY: 'true' } });

beforeAll(async () => {
  await tc.db.query(`insert into tap_privacy (org_id, ip_mode) values ($1, 'FULL')`, [tc.demo.orgId]);
});

/** A tap with headers exactly as given, repeats included (fetch would merge them). */
function tapWithRawHeaders(headers: string[]): Promise<string> {
  const url = new URL(`${tc.url}/e?bandId=${tc.demo.bandIds[0]}`);
  return new Promise((resolve, reject) => {
    // A raw header list gets no Host added for it.
    const req = request(url, { headers: ['Host', url.host, ...headers] }, (res) => {
      res.resume();
      if (res.statusCode !== 302) reject(new Error(`status ${res.statusCode}`));
      resolve(String(res.headers['x-tap-id']));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a tap records the last forwarded hop and the first user agent, however the headers are cased or repeated', async () => {
  const id = await tapWithRawHeaders([
    'X-Forwarded-For',
    '198.51.100.7, 10.0.0.1',
    'User-Agent',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
    'x-forwarded-for',
    '10.0.0.2, 203.0.113.9',
    'user-agent',
    'curl/8.5.0',
  ]);
  await tc.cloud.taps.drain();
  const { rows } = await tc.db.query('select host(ip) as ip, user_agent, os from tap_log where id = $1', [id]);
  expect(rows[0]).toMatchObject({ ip: '203.0.113.9', os: 'Android' });
  expect(rows[0].user_agent).toContain('Pixel 8');
});
