/**
 * Composition root of browser mode: config → settings and session (token in this process's memory) →
 * local store → sync → the desktop router over HTTP/WebSocket on 127.0.0.1. Prints the one URL to open.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exitPlainlyOnFailure, stderrLog } from '@sparkmotion/cloud/exit-plainly';
import { composeDesktop } from '../main/compose.ts';
import { parseDesktopConfig } from '../main/config.ts';
import { createMemorySessionStore } from '../main/session/session-store.ts';
import { startConsoleHost } from './host.ts';

const guard = exitPlainlyOnFailure('SparkMotion console (browser mode)', { levelVariable: 'SPARKMOTION_LOG_LEVEL' });
const desktopDir = join(import.meta.dirname, '../..');
const config = parseDesktopConfig(process.env);
guard.log = stderrLog(config.logLevel);
const dataDir = config.dataDir ?? join(desktopDir, '.data');
await mkdir(dataDir, { recursive: true });

// Browser mode keeps the cloud token in this process only: a restart means signing in again.
const desktop = await composeDesktop(config, dataDir, createMemorySessionStore());

const host = await startConsoleHost({
  router: desktop.router,
  rendererDir: config.rendererDir ?? join(desktopDir, 'out/renderer'),
  port: config.consolePort,
  takeDownload: desktop.tapExports.takeDownload,
});
process.stdout.write(`SparkMotion console (browser mode) — open:\n\n  ${host.launchUrl}\n\n`);

const stop = async () => {
  await host.close();
  await desktop.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
