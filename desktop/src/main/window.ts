import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { hardenWebContents } from './security.ts';

/** The one console window: sandboxed, context-isolated, no Node, only the tRPC bridge from the preload. */
export function createMainWindow(options: { appBase: string; startUrl: string; preloadDir: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'SparkMotion Console',
    backgroundColor: '#0f1623',
    webPreferences: {
      preload: join(options.preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  hardenWebContents(window.webContents, options.appBase, (url) => void shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}
