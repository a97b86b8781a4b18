import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultSettings, openSettingsStore } from './settings.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sparkmotion-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const defaults = defaultSettings('https://hub.example.test');

describe('the settings store', () => {
  test('starts from the defaults when there is no file yet', async () => {
    const store = await openSettingsStore(join(dir, 'settings.json'), defaults);
    expect(store.get()).toEqual(defaults);
  });

  test('keeps a change across a restart and tells listeners', async () => {
    const file = join(dir, 'settings.json');
    const store = await openSettingsStore(file, defaults);
    const seen: boolean[] = [];
    store.onChange((settings) => seen.push(settings.lockAfterWrite));
    await store.update({ lockAfterWrite: true, readers: ['ACS ACR122U 00 00'] });
    expect(seen).toEqual([true]);
    const reopened = await openSettingsStore(file, defaults);
    expect(reopened.get()).toMatchObject({ lockAfterWrite: true, readers: ['ACS ACR122U 00 00'] });
  });

  test('refuses a hub URL that is not http(s) and keeps the old value', async () => {
    const store = await openSettingsStore(join(dir, 'settings.json'), defaults);
    await expect(store.update({ hubBaseUrl: 'javascript:alert(1)' })).rejects.toThrow();
    expect(store.get().hubBaseUrl).toBe('https://hub.example.test');
  });

  test('falls back to the defaults when the file is corrupt', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, '{ not json');
    const store = await openSettingsStore(file, defaults);
    expect(store.get()).toEqual(defaults);
    await store.update({ sounds: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ sounds: false });
  });
});
