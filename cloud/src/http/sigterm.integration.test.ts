import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { freePort } from '../../../test/services.ts';
import { migratedTemplate } from '../../test/support/index.ts';
import { listSegments, readTaps } from '../taps/tap-segments.ts';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ template: await migratedTemplate() });
});
afterAll(() => database.drop());

/** One tap on a connection of its own, as phones make them: the status and tap id, or the socket error. */
function tap(port: number, bandId: string): Promise<{ status: number; tapId: string | undefined } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: `/e/${bandId}`, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, tapId: res.headers['x-tap-id'] as string | undefined }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** A wrong-password sign-in (a slow request: the password hash takes tens of ms) on a kept-alive connection. */
function slowRequest(port: number, agent: Agent): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/trpc/auth.login',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(JSON.stringify({ email: 'someone@example.com', password: 'not the password' }));
  });
}

test('SIGTERM under load: requests in flight are answered, every tap in the spool was answered, once, exit 0', async () => {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'sm-sigterm-'));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL: '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'true',
      // Nothing ships: what the process wrote stays in its spool for the test to read.
      TAP_SHIPPER: 'external',
      TAP_RATE_LIMIT_PER_IP: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && resolve());
    child.once('exit', (code) => reject(new Error(`cloud exited (${code}) before listening`)));
  });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const bands = (await client.query<{ band_id: string }>('select band_id from bands')).rows.map((r) => r.band_id);
  await client.end();

  const served: string[] = [];
  const failures: string[] = [];
  let terminating = false;
  let refused = false;
  const clients = Array.from({ length: 16 }, async (_, c) => {
    for (let i = 0; !refused; i++) {
      const answer = await tap(port, bands[(c + i) % bands.length]!);
      if ('error' in answer) {
        // Once SIGTERM closes the listener, a new connection is refused, or reset when the kernel had
        // queued it before the close: its request was never read, so no tap (a load balancer retries
        // it). What must not happen is a request read, its tap written, and no answer.
        if (terminating && (answer.error === 'ECONNREFUSED' || answer.error === 'ECONNRESET')) refused = true;
        else failures.push(answer.error);
      } else if (answer.status === 302 && answer.tapId) served.push(answer.tapId);
      else failures.push(`HTTP ${answer.status}`);
    }
  });
  // Connections the server has accepted already (so none of them can be in the kernel's accept queue).
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  await Promise.all(Array.from({ length: 4 }, () => slowRequest(port, agent)));
  const loadUntil = Date.now() + 10_000;
  while (served.length < 300 && Date.now() < loadUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  const inFlight = Array.from({ length: 4 }, () => slowRequest(port, agent));
  // Read by the server by then; still hashing (~100 ms for four).
  await new Promise((resolve) => setTimeout(resolve, 30));
  terminating = true;
  child.kill('SIGTERM');
  await Promise.all(clients);
  expect(await exited).toBe(0);
  expect(await Promise.all(inFlight)).toEqual([401, 401, 401, 401]);
  agent.destroy();

  expect(failures).toEqual([]);
  expect(served.length).toBeGreaterThan(200);
  const spooled = listSegments(join(dataDir, 'taps')).flatMap((segment) =>
    readTaps(segment, 0, 64 * 1024 * 1024).taps.map((t) => t.id),
  );
  expect(spooled.length).toBe(new Set(spooled).size);
  expect(new Set(spooled)).toEqual(new Set(served));
}, 60_000);
