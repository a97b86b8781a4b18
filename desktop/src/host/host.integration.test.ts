import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createSettingsRouter } from '../main/settings/settings.router.ts';
import { defaultSettings, openSettingsStore, type Settings } from '../main/settings/settings.ts';
import { router } from '../main/trpc.ts';
import { type ConsoleHost, startConsoleHost } from './host.ts';

const secret = 'test-secret-0123456789';
let dir: string;
let host: ConsoleHost;
/** The one export the host may hand out, as the desk's tap export would. */
let download: { id: string; file: string } | null = null;
const testRouter = (store: Awaited<ReturnType<typeof openSettingsStore>>) =>
  router({ settings: createSettingsRouter(store) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sparkmotion-host-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>SparkMotion</title>');
  await writeFile(join(dir, 'app.js'), 'console.log(1)');
  const store = await openSettingsStore(join(dir, 'settings.json'), defaultSettings('https://hub.example.test'));
  host = await startConsoleHost({
    router: testRouter(store),
    rendererDir: dir,
    secret,
    takeDownload: (id) => {
      if (download?.id !== id) return null;
      const { file } = download;
      download = null;
      return { file, filename: 'taps-event.csv' };
    },
  });
});
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

function raw(path: string, headers: Record<string, string>, method = 'GET') {
  const { port } = new URL(host.origin);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = `sparkmotion_console=${secret}`;
const hostHeader = () => new URL(host.origin).host;

describe('the browser-mode host', () => {
  test('listens on loopback only and prints a launch URL with the secret', () => {
    expect(host.launchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=test-secret-0123456789$/);
  });

  test('swaps the launch secret for an HttpOnly SameSite cookie', async () => {
    const res = await raw(`/?secret=${secret}`, { host: hostHeader() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  test('serves the renderer with a strict CSP once the cookie is set', async () => {
    const res = await raw('/bands', { host: hostHeader(), cookie });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>SparkMotion</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  test('never serves a file outside the renderer folder', async () => {
    const res = await raw('/..%2f..%2f..%2fetc%2fpasswd', { host: hostHeader(), cookie });
    expect(res.body).not.toContain('root:');
    expect(res.body).toContain('<title>SparkMotion</title>');
  });

  test('a malformed URL gets 400 and the host keeps answering', async () => {
    for (const path of ['/%E0%A4%A', '/trpc/%E0%A4%A', '/%']) {
      expect((await raw(path, { host: hostHeader(), cookie })).status).toBe(400);
    }
    expect((await raw('/bands', { host: hostHeader(), cookie })).status).toBe(200);
  });

  test('a page on another port gets nothing from a tRPC call its cookie rides on', async () => {
    // What <img src="http://127.0.0.1:<port>/trpc/settings.get"> on http://127.0.0.1:<other port> sends:
    // the SameSite cookie (same site), no Origin, no custom header.
    const res = await raw('/trpc/settings.get', { host: hostHeader(), cookie, referer: 'http://127.0.0.1:9999/' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('hubBaseUrl');
  });

  test('answers the console’s own calls by their header', async () => {
    const res = await raw('/trpc/settings.get', { host: hostHeader(), cookie, 'x-sparkmotion-console': '1' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('hubBaseUrl');
  });

  test.each<[string, Record<string, string>, number]>([
    ['no cookie', { 'x-sparkmotion-console': '1' }, 401],
    ['another Host (DNS rebinding)', { host: 'evil.test', cookie }, 403],
    ['another Origin', { origin: 'http://evil.test', cookie }, 403],
  ])('refuses a tRPC call with %s', async (_name, headers, status) => {
    const res = await raw('/trpc/settings.get', { host: hostHeader(), ...headers });
    expect(res.status).toBe(status);
  });

  test('answers queries and mutations over HTTP for its own page', async () => {
    const client = createTRPCClient<ReturnType<typeof testRouter>>({
      links: [httpLink({ url: `${host.origin}/trpc`, headers: { cookie, origin: host.origin } })],
    });
    expect((await client.settings.get.query()).sounds).toBe(true);
    expect((await client.settings.update.mutate({ sounds: false })).sounds).toBe(false);
  });

  test('pushes subscriptions over WebSocket, and refuses a socket from another origin', async () => {
    const withHeaders = (headers: Record<string, string>) =>
      class extends WebSocket {
        constructor(url: string | URL) {
          super(url, { headers });
        }
      };
    const wsUrl = `${host.origin.replace('http', 'ws')}/trpc-ws`;

    const foreign = new (withHeaders({ cookie, origin: 'http://evil.test' }))(wsUrl);
    const refused = await new Promise<string>((resolve) => {
      foreign.on('error', (error) => resolve(error.message));
      foreign.on('open', () => resolve('opened'));
    });
    expect(refused).toMatch(/403|Unexpected server response/);

    const wsClient = createWSClient({ url: wsUrl, WebSocket: withHeaders({ cookie, origin: host.origin }) as never });
    const client = createTRPCClient<ReturnType<typeof testRouter>>({ links: [wsLink({ client: wsClient })] });
    const seen = new Promise<Settings>((resolve) => {
      const sub = client.settings.onChange.subscribe(undefined, {
        onData: (settings) => {
          sub.unsubscribe();
          resolve(settings);
        },
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.settings.update.mutate({ lockAfterWrite: true });
    expect((await seen).lockAfterWrite).toBe(true);
    await wsClient.close();
  });

  test('streams a finished export once to its own page, then removes the file', async () => {
    const file = join(dir, 'export.csv');
    await writeFile(file, 'tap_id\na\n', { mode: 0o600 });
    download = { id: 'e1', file };
    expect((await raw('/downloads/taps/e1', { host: hostHeader() })).status).toBe(401);
    expect((await raw('/downloads/taps/e1', { host: 'evil.test', cookie })).status).toBe(403);
    const other = { host: hostHeader(), cookie, origin: 'http://127.0.0.1:1' };
    expect((await raw('/downloads/taps/e1', other)).status).toBe(403);

    const res = await raw('/downloads/taps/e1', { host: hostHeader(), cookie });
    expect(res.status).toBe(200);
    expect(res.body).toBe('tap_id\na\n');
    expect(res.headers['content-disposition']).toBe('attachment; filename="taps-event.csv"');
    await expect
      .poll(() =>
        access(file).then(
          () => 'there',
          () => 'gone',
        ),
      )
      .toBe('gone');
    expect((await raw('/downloads/taps/e1', { host: hostHeader(), cookie })).status).toBe(404);
  });
});
