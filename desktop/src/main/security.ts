import type { IpcMain, IpcMainEvent, Session, WebContents } from 'electron';
import { isTrustedUrl } from './trusted-url.ts';

/**
 * Content-Security-Policy of the console. No inline or remote script, no frames, no plugins; connections
 * only to the app itself (browser mode talks HTTP/WebSocket to its own host; Electron uses IPC).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Blocks navigation, new windows, `<webview>` and permission requests for every web contents of the app. */
export function hardenWebContents(contents: WebContents, appBase: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, appBase)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, appBase)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the outside (a band's redirect URL, docs) open in the user's browser, never inside the app.
    if (/^https?:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Denies every permission (camera, notifications, geolocation, …) and sets the CSP on every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/**
 * Re-registers the listeners already on `channel` behind a check of the sending frame, so a message from a
 * frame that is not the app's own top-level page (a subframe, a page navigated elsewhere) never reaches
 * the tRPC handler. Call it right after the handler has registered itself.
 */
export function guardIpcChannel(ipcMain: IpcMain, channel: string, appBase: string): void {
  const listeners = ipcMain.listeners(channel) as Array<(event: IpcMainEvent, ...args: unknown[]) => void>;
  ipcMain.removeAllListeners(channel);
  for (const listener of listeners) {
    ipcMain.on(channel, (event, ...args) => {
      if (!isAppFrame(event, appBase)) return;
      listener(event, ...args);
    });
  }
}

function isAppFrame(event: IpcMainEvent, appBase: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isTrustedUrl(frame.url, appBase);
}
