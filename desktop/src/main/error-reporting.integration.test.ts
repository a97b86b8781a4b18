import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('an unhandled rejection in the main process is reported, scrubbed, to a Sentry-compatible endpoint, then the process exits 1', async () => {
  const bodies: Array<{ url: string; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push({ url: req.url!, body });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const port = (receiver.address() as AddressInfo).port;
    const child = spawn(process.execPath, [fileURLToPath(new URL('./error-reporting.fixture.ts', import.meta.url))], {
      env: { ...process.env, SENTRY_DSN: `http://desk@127.0.0.1:${port}/7` },
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(bodies.map((b) => b.url)).toEqual(['/api/7/envelope/']);
    const event = JSON.parse(bodies[0]!.body.split('\n')[2]!);
    expect(event).toMatchObject({ tags: { process: 'desktop-main' }, message: { formatted: 'uncaught exception' } });
    expect(event.exception.values.at(-1).value).toBe('pushing the band of [email] from [ip] failed');
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
