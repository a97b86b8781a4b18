import { EventEmitter } from 'node:events';
import type { IpcMain } from 'electron';
import { describe, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY, guardIpcChannel } from './security.ts';

const APP = 'app://console/';

/** Electron's ipcMain is an EventEmitter; the guard only uses that part of it. */
function guardedChannel() {
  const ipcMain = new EventEmitter();
  const received: unknown[] = [];
  ipcMain.on('electron-trpc', (_event, message) => received.push(message));
  guardIpcChannel(ipcMain as unknown as IpcMain, 'electron-trpc', APP);
  return { ipcMain, received };
}

describe('guardIpcChannel', () => {
  test('lets a message from the app’s own top-level page through', () => {
    const { ipcMain, received } = guardedChannel();
    ipcMain.emit('electron-trpc', { senderFrame: { url: 'app://console/index.html', parent: null } }, 'hello');
    expect(received).toEqual(['hello']);
  });

  test.each([
    ['a subframe of the app', { url: 'app://console/index.html', parent: {} }],
    ['a page navigated elsewhere', { url: 'https://evil.test/', parent: null }],
    ['a look-alike origin', { url: 'app://console.evil.test/', parent: null }],
    ['a frame that is gone', null],
  ])('drops a message from %s', (_name, senderFrame) => {
    const { ipcMain, received } = guardedChannel();
    ipcMain.emit('electron-trpc', { senderFrame }, 'hello');
    expect(received).toEqual([]);
  });
});

describe('the Content-Security-Policy', () => {
  test.each([["script-src 'self'"], ["object-src 'none'"], ["frame-src 'none'"], ["base-uri 'none'"]])(
    'has %s',
    (directive) => {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    },
  );

  test('allows no inline or remote script', () => {
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
  });
});
