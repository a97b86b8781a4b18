import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createEncryptedFileSessionStore, createMemorySessionStore } from './session-store.ts';
import { aesCipher } from './testing/aes-cipher.ts';

const session = { cloudUrl: 'https://cloud.example.test', token: 'secret-token-123', email: 'ops@example.test' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sparkmotion-session-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the encrypted session store', () => {
  test('keeps the session across a restart without the token in the clear on disk', async () => {
    const file = join(dir, 'session.bin');
    const cipher = aesCipher();
    await createEncryptedFileSessionStore(file, cipher).save(session);
    expect((await readFile(file)).toString('latin1')).not.toContain('secret-token-123');
    expect(await createEncryptedFileSessionStore(file, cipher).load()).toEqual(session);
  });

  test('forgets the session on sign-out', async () => {
    const store = createEncryptedFileSessionStore(join(dir, 'session.bin'), aesCipher());
    await store.save(session);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  test('treats a file it cannot decrypt as no session', async () => {
    const file = join(dir, 'session.bin');
    await createEncryptedFileSessionStore(file, aesCipher()).save(session);
    expect(await createEncryptedFileSessionStore(file, aesCipher()).load()).toBeNull();
  });

  test('keeps the session in memory only when the OS offers no encryption', async () => {
    const file = join(dir, 'session.bin');
    const store = createEncryptedFileSessionStore(file, aesCipher(false));
    await store.save(session);
    expect(await store.load()).toEqual(session);
    await expect(readFile(file)).rejects.toThrow();
  });
});

describe('the in-memory session store of browser mode', () => {
  test('refuses a session whose cloud URL is not http(s)', async () => {
    await expect(createMemorySessionStore().save({ ...session, cloudUrl: 'file:///etc' })).rejects.toThrow();
  });
});
