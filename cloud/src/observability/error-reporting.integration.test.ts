import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminQuery } from '../../../test/databases.ts';
import { startTestCloud } from '../../test/support/index.ts';

/** A Sentry-compatible receiver: every envelope POSTed, with its headers. */
interface Received {
  url: string;
  auth: string;
  contentType: string;
  header: Record<string, unknown>;
  item: Record<string, unknown>;
  event: Record<string, unknown> & { exception: { values: Array<{ type: string; value: string }> } };
  raw: string;
}
let receiver: Server;
let dsn: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const [header, item, payload] = raw.split('\n');
      received.push({
        url: req.url!,
        auth: String(req.headers['x-sentry-auth']),
        contentType: String(req.headers['content-type']),
        header: JSON.parse(header!),
        item: JSON.parse(item!),
        event: JSON.parse(payload!),
        raw,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dsn = `http://publickey@127.0.0.1:${(receiver.address() as AddressInfo).port}/42`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

async function until<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('nothing received');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('an unexpected tRPC failure reaches the Sentry-compatible endpoint as one envelope, with nothing personal', async () => {
  const t = await startTestCloud({ env: { SENTRY_DSN: dsn, SENTRY_ENVIRONMENT: 'test' } });
  try {
    await adminQuery(t.databaseUrl, 'drop table audit_log');
    const response = await fetch(`${t.url}/trpc/events.create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.token}`,
        'x-forwarded-for': '198.51.100.7',
      },
      body: JSON.stringify({ orgId: t.demo.orgId, name: 'X', timezone: 'UTC', fallbackUrl: 'https://e.com' }),
    });
    expect(response.status).toBe(500);
    const report = await until(() =>
      received.find((r) => r.event.extra && (r.event.extra as { path?: string }).path === 'events.create'),
    );
    expect(report.url).toBe('/api/42/envelope/');
    expect(report.contentType).toBe('application/x-sentry-envelope');
    expect(report.auth).toMatch(/^Sentry sentry_version=7, sentry_key=publickey, sentry_client=sparkmotion\/1$/);
    expect(report.header).toMatchObject({ event_id: report.event.event_id, dsn });
    expect(report.item).toMatchObject({ type: 'event', length: Buffer.byteLength(report.raw.split('\n')[2]!) });
    expect(report.event).toMatchObject({ level: 'error', environment: 'test', tags: { process: 'cloud' } });
    expect(report.event.exception.values.at(-1)!.value).toMatch(/audit_log/);
    // The envelope header names the DSN (the receiver's own address); the event itself names nothing.
    const event = JSON.stringify(report.event);
    for (const personal of [t.token, t.demo.email, '198.51.100.7', '127.0.0.1']) expect(event).not.toContain(personal);
  } finally {
    await t.close();
  }
});

test('a cloud that fails to start reports the failure before it exits, its database password and address scrubbed', async () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATABASE_URL: 'postgres://app:hunter2hunter2@127.0.0.1:1/nowhere',
      REDIS_URL: '',
      PORT: '0',
      LOG_LEVEL: 'silent',
      SENTRY_DSN: dsn,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toMatch(/^SparkMotion cloud failed: /);
  const report = received.find(
    (r) => (r.event.message as { formatted?: string } | undefined)?.formatted === 'uncaught exception',
  );
  expect(report).toBeDefined();
  // The envelope header names the DSN (the receiver's own address); the event itself names nothing.
  expect(JSON.stringify(report!.event)).not.toMatch(/hunter2|127\.0\.0\.1/);
}, 30_000);
