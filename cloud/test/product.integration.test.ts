/**
 * The README's product command, run the way the README says (`npm start` at the repository root) with a
 * fresh DATA_DIR and a free PORT: it must print where it listens, the demo sign-in and a demo tap URL, and
 * the demo user must be able to sign in over HTTP and list the demo event. Then a restart keeps the data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, expect, test } from 'vitest';
import { waitForOutput } from '../../test/child-process.ts';
import { freePort } from '../../test/services.ts';
import type { AppRouter } from '../src/trpc/app-router.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dataDir = '';

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  lines: { listening: string; signIn: string; tap: string };
}

/**
 * Starts the product on a free port. A port found free can be taken by a parallel test before the child binds
 * it: then it tries another (a port already in use only; any other failure fails the test).
 */
async function start(env: Record<string, string>): Promise<Started & { port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { ...(await startOnce({ ...env, PORT: String(port) })), port };
    } catch (error) {
      if (attempt >= 3 || !/already in use/.test(String(error))) throw error;
      await waitForPostgresDown();
    }
  }
}

async function startOnce(env: Record<string, string>): Promise<Started> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output } = await waitForOutput(child, /Demo tap: \S+/, 'npm start', 120_000);
  const line = (pattern: RegExp) => output().match(pattern)?.[1] ?? '';
  return {
    child,
    output,
    lines: {
      listening: line(/listening on (http:\/\/\S+)/),
      signIn: line(/Demo sign-in: (.+)/),
      tap: line(/Demo tap: (\S+)/),
    },
  };
}

async function waitForPostgresDown(): Promise<void> {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  for (let i = 0; i < 200 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Stops the whole process group and waits until the embedded PostgreSQL is down too. */
async function stop(started: Started): Promise<void> {
  process.kill(-started.child.pid!, 'SIGTERM');
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  const deadline = Date.now() + 20_000;
  while ((started.child.exitCode === null || existsSync(pidFile)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(existsSync(pidFile), 'embedded PostgreSQL stopped').toBe(false);
}

test('npm start runs the product with an embedded PostgreSQL, demo data, and data that survives a restart', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sparkmotion-product-'));
  // As root the embedded PostgreSQL runs as its own user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info' };

  const first = await start(env);
  const port = first.port;
  let eventName = '';
  try {
    expect(first.lines.listening).toBe(`http://127.0.0.1:${port}`);
    expect(first.lines.tap).toMatch(new RegExp(`^http://localhost:${port}/e\\?bandId=[A-Za-z0-9_-]{22}$`));
    expect(first.output()).toMatch(/single instance without Redis/);
    const [email, password] = first.lines.signIn.split(' / ');

    const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${first.lines.listening}/trpc` })] });
    const session = await anonymous.auth.login.mutate({ email: email!, password: password! });
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${first.lines.listening}/trpc`, headers: { authorization: `Bearer ${session.token}` } }),
      ],
    });
    const me = await client.auth.me.query();
    const orgId = me.orgs[0]!.id;
    const events = await client.events.list.query({ orgId });
    expect(events.items).toHaveLength(1);
    eventName = events.items[0]!.name;
    const event = await client.events.get.query({ orgId, eventId: events.items[0]!.id });
    const now = Date.now();
    const live = event.windows.find((w) => w.kind === 'LIVE')!;
    expect(Date.parse(live.startsAt)).toBeLessThanOrEqual(now);
    expect(Date.parse(live.endsAt)).toBeGreaterThan(now);
    expect(event.bandCount).toBeGreaterThan(0);
    await client.events.update.mutate({ orgId, eventId: event.id, name: 'Renamed before restart' });
  } finally {
    await stop(first);
  }

  const second = await start(env);
  try {
    expect(eventName).toBe('Demo Festival');
    const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${second.lines.listening}/trpc` })] });
    const [email, password] = second.lines.signIn.split(' / ');
    const session = await anonymous.auth.login.mutate({ email: email!, password: password! });
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${second.lines.listening}/trpc`, headers: { authorization: `Bearer ${session.token}` } }),
      ],
    });
    const orgId = (await client.auth.me.query()).orgs[0]!.id;
    const events = await client.events.list.query({ orgId });
    expect(events.items.map((e) => e.name)).toEqual(['Renamed before restart']);
  } finally {
    await stop(second);
  }
}, 300_000);
