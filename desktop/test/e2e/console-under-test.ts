/**
 * The desktop as the end-to-end test runs it, INSIDE a private mount/pid namespace (see `console.ts`): its
 * own pcscd with the vpcd virtual readers on ports the test chose, virtual NTAG tags, and the real browser-mode
 * composition (local store → NFC on nfc-pcsc → sync → host). The network is shared with the test, so
 * Chromium reaches the host and the host reaches the test cloud on 127.0.0.1.
 * Requests over Node's IPC channel: `{ id, method, params }` → `{ id, result }` or `{ id, error }`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startConsoleHost } from '../../src/host/host.ts';
import { composeDesktop } from '../../src/main/compose.ts';
import { parseDesktopConfig } from '../../src/main/config.ts';
import { createMemorySessionStore } from '../../src/main/session/session-store.ts';
import { type HostMethods, sendToParent, serveParent } from '../nfc/child-host.ts';
import { type Pcscd, startPcscd } from '../nfc/pcscd.ts';
import { NtagMemory, randomUid, VirtualTag } from '../nfc/virtual-tag.ts';

type Options = { workDir: string; vpcdPort: number; shimPath: string | null; rendererDir: string; hubBaseUrl: string };
const options = JSON.parse(process.argv[2] ?? '{}') as Options;

const pcscdOptions = { workDir: options.workDir, shimPath: options.shimPath, vpcdPort: options.vpcdPort };
let pcscd: Pcscd | null = await startPcscd(pcscdOptions);

const config = parseDesktopConfig({
  SPARKMOTION_DATA_DIR: join(options.workDir, 'data'),
  SPARKMOTION_HUB_BASE_URL: options.hubBaseUrl,
  SPARKMOTION_CONSOLE_PORT: '0',
});
await mkdir(join(options.workDir, 'data'), { recursive: true });
const desktop = await composeDesktop(config, join(options.workDir, 'data'), createMemorySessionStore());
const host = await startConsoleHost({
  router: desktop.router,
  rendererDir: options.rendererDir,
  port: 0,
  takeDownload: desktop.tapExports.takeDownload,
});

const tags = new Map<string, VirtualTag>();
const methods: HostMethods = {
  /** A blank NTAG215 with a random UID, put on reader 0 or 1. */
  'tag.insert': async (p) => {
    const tag = new VirtualTag(
      new NtagMemory(
        'NTAG215',
        randomUid((n) => randomBytes(n)),
      ),
    );
    tags.set(p.name as string, tag);
    await tag.insert(options.vpcdPort + ((p.reader as number) ?? 0));
    return Buffer.from(tag.memory.uid).toString('hex');
  },
  'tag.remove': (p) => tags.get(p.name as string)?.remove(),
  'sync.state': () => desktop.sync.state(),
  /** The reader service stops (the desk shows it is not running), or starts with or without readers. */
  'pcscd.stop': async () => {
    await pcscd?.stop();
    pcscd = null;
  },
  'pcscd.start': async (p) => {
    pcscd ??= await startPcscd({ ...pcscdOptions, readers: (p.readers as boolean | undefined) ?? true });
  },
};

serveParent(methods, async () => {
  for (const tag of tags.values()) tag.remove();
  await host.close();
  await desktop.close();
  await pcscd?.stop();
  process.exit(0);
});
sendToParent({ ready: true, launchUrl: host.launchUrl });
