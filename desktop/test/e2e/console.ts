import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildShim } from '../nfc/harness.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Starts `console-under-test.ts` in `unshare -Urmpf` with a tmpfs on /run: pcscd's socket is private to it,
 * while the network is shared (Chromium and the test cloud are outside). Resolves with the launch URL.
 */
export class ConsoleUnderTest {
  readonly launchUrl: string;
  private readonly child: ChildProcess;
  private readonly workDir: string;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(child: ChildProcess, workDir: string, launchUrl: string) {
    this.child = child;
    this.workDir = workDir;
    this.launchUrl = launchUrl;
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      const call = message.id === undefined ? undefined : this.calls.get(message.id);
      if (!call || message.id === undefined) return;
      this.calls.delete(message.id);
      if (message.error) call.reject(new Error(message.error));
      else call.resolve(message.result);
    });
  }

  static async start(options: { rendererDir: string; hubBaseUrl: string }): Promise<ConsoleUnderTest> {
    const workDir = mkdtempSync(join(tmpdir(), 'sparkmotion-e2e-console-'));
    const settings = {
      workDir,
      vpcdPort: await freePortPair(),
      shimPath: buildShim(),
      rendererDir: options.rendererDir,
      hubBaseUrl: options.hubBaseUrl,
    };
    const child = spawn(
      'unshare',
      [
        '-Urmpf',
        '--kill-child',
        '--',
        '/bin/sh',
        '-c',
        'mount -t tmpfs tmpfs /run && exec "$@"',
        'sh',
        process.execPath,
        join(here, 'console-under-test.ts'),
        JSON.stringify(settings),
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
    );
    const launchUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the console did not start within 30 s')), 30_000);
      child.on('message', (message: { ready?: boolean; launchUrl?: string }) => {
        if (message.ready && message.launchUrl) {
          clearTimeout(timer);
          resolve(message.launchUrl);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the console exited with ${code}`));
      });
    });
    return new ConsoleUnderTest(child, workDir, launchUrl);
  }

  call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, params });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** A free TCP port whose successor is free too (vpcd's second reader listens on port + 1). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOn(0);
    if (port !== null && port < 65_000 && (await listenOn(port + 1)) !== null) return port;
  }
  throw new Error('no free pair of ports');
}

function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(chosen));
    });
  });
}
