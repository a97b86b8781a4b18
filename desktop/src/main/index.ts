/**
 * Composition root of the Electron main process: config → settings and session (token in safeStorage) →
 * local store → sync → the tRPC router over IPC → the window. Everything else takes its dependencies
 * as arguments.
 */
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron';
import { createIPCHandler } from 'electron-trpc-experimental/main';
import { composeDesktop } from './compose.ts';
import { parseDesktopConfig } from './config.ts';
import { reportUnexpectedErrors } from './error-reporting.ts';
import { CONTENT_SECURITY_POLICY, guardIpcChannel, hardenSession, hardenWebContents } from './security.ts';
import { createEncryptedFileSessionStore } from './session/session-store.ts';
import { createMainWindow } from './window.ts';

const APP_BASE = 'app://console/';
const IPC_CHANNEL = 'electron-trpc';

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

async function main(): Promise<void> {
  const config = parseDesktopConfig(process.env);
  reportUnexpectedErrors(config.errorReporting, (url, init) => net.fetch(url, init));
  // One console per user: a second one would share the local store's SQLite file and the readers.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();

  const dataDir = config.dataDir ?? app.getPath('userData');
  const rendererDir = join(import.meta.dirname, '../renderer');
  // The renderer build under its own origin, each response with the CSP (custom protocols skip webRequest).
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'console') return new Response('not found', { status: 404 });
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = join(rendererDir, decodeURIComponent(path));
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, APP_BASE, () => {
      // Windows created by anything other than createMainWindow get no way out either.
    }),
  );

  const desktop = await composeDesktop(
    config,
    dataDir,
    createEncryptedFileSessionStore(join(dataDir, 'session.bin'), safeStorage),
    safeStorage,
    // The raw-tap export asks where to save; everything after the answer runs (and is tested) under Node.
    async (defaultName) => (await dialog.showSaveDialog({ defaultPath: defaultName })).filePath || null,
  );
  // Electron knows when the machine goes on or off line; the sync engine stops retrying while off.
  desktop.sync.setOnline(net.isOnline());

  const window = createMainWindow({
    appBase: APP_BASE,
    startUrl: `${APP_BASE}index.html`,
    preloadDir: join(import.meta.dirname, '../preload'),
  });
  createIPCHandler({ router: desktop.router, windows: [window], createContext: async () => ({}) });
  guardIpcChannel(ipcMain, IPC_CHANNEL, APP_BASE);

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    void desktop.close().finally(() => app.quit());
  });
}

void main();
