/**
 * Composition root of browser mode: config → settings and session → (local store → NFC → sync, as they
 * land) → the desktop router over HTTP/WebSocket on 127.0.0.1. Prints the one URL to open.
 */
import { join } from 'node:path';
import { createAppRouter } from '../main/app-router.ts';
import { parseDesktopConfig } from '../main/config.ts';
import { cloudLogin } from '../main/session/cloud-login.ts';
import { createSessionService } from '../main/session/session.service.ts';
import { createMemorySessionStore } from '../main/session/session-store.ts';
import { defaultSettings, openSettingsStore } from '../main/settings/settings.ts';
import { startConsoleHost } from './host.ts';

const desktopDir = join(import.meta.dirname, '../..');
const config = parseDesktopConfig(process.env);
const dataDir = config.dataDir ?? join(desktopDir, '.data');

const settings = await openSettingsStore(join(dataDir, 'settings.json'), defaultSettings(config.hubBaseUrl));
// Browser mode keeps the cloud token in this process only: a restart means signing in again.
const session = createSessionService({ store: createMemorySessionStore(), login: cloudLogin });
const router = createAppRouter({ settings, session });

const host = await startConsoleHost({
  router,
  rendererDir: config.rendererDir ?? join(desktopDir, 'out/renderer'),
  port: config.consolePort,
});
process.stdout.write(`SparkMotion console (browser mode) — open:\n\n  ${host.launchUrl}\n\n`);

const stop = async () => {
  await host.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
