/**
 * Browser mode on a machine where nfc-pcsc's native addon was never built (no PC/SC headers at `npm install`):
 * the real host process, started so that the addon cannot be found, must still serve the console, and the
 * stations must say that NFC is unavailable here and how to enable it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { waitForOutput } from '../../../test/child-process.ts';
import { NFC_HOW_TO } from '../main/nfc/nfc-pcsc-loader.ts';

const DESKTOP = resolve(import.meta.dirname, '../..');
let dir = '';
let host: ChildProcess | undefined;

afterAll(async () => {
  host?.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the console starts without the NFC addon and its stations say NFC is unavailable and how to enable it', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-without-nfc-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>SparkMotion</title>');
  host = spawn(
    process.execPath,
    ['--import', join(DESKTOP, 'test/nfc/without-addon.ts'), join(DESKTOP, 'src/host/main.ts')],
    {
      env: {
        ...process.env,
        SPARKMOTION_CONSOLE_PORT: '0',
        SPARKMOTION_DATA_DIR: join(dir, 'data'),
        SPARKMOTION_RENDERER_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { match } = await waitForOutput(host, /http:\/\/127\.0\.0\.1:\d+\/\?secret=\S+/, 'the console host', 30_000);
  const url = new URL(match[0]);
  const cookie = `sparkmotion_console=${url.searchParams.get('secret')}`;

  const page = await fetch(new URL('/', url), { headers: { cookie } });
  expect(await page.text()).toContain('<title>SparkMotion</title>');
  const status = await fetch(new URL('/trpc/nfc.status', url), { headers: { cookie, 'x-sparkmotion-console': '1' } });
  expect(status.status).toBe(200);
  expect(((await status.json()) as { result: { data: unknown } }).result.data).toEqual({
    state: 'nfc-unavailable',
    message: "NFC is unavailable on this machine: nfc-pcsc's native addon does not load.",
    howTo: NFC_HOW_TO,
  });
  expect(NFC_HOW_TO).toMatch(/libpcsclite-dev.*`npm run build:native`/);
}, 60_000);
