import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** The signed-in cloud session. The token never reaches the renderer, localStorage or a plain file. */
export const CloudSession = z.object({
  cloudUrl: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1),
  email: z.string(),
});
export type CloudSession = z.infer<typeof CloudSession>;

/** Where the session token lives: Electron keeps it encrypted on disk, browser mode only in the host's memory. */
export interface SessionStore {
  load(): Promise<CloudSession | null>;
  save(session: CloudSession): Promise<void>;
  clear(): Promise<void>;
}

export function createMemorySessionStore(): SessionStore {
  let session: CloudSession | null = null;
  return {
    load: async () => session,
    save: async (next) => {
      session = CloudSession.parse(next);
    },
    clear: async () => {
      session = null;
    },
  };
}

/** The part of Electron's `safeStorage` the store needs (OS keychain / DPAPI / libsecret behind it). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * A session encrypted with the OS's key store and written to one file. When the OS offers no encryption
 * (a Linux desktop without a keyring) the session stays in memory only, so the operator signs in again
 * after a restart instead of the token being written in the clear.
 */
export function createEncryptedFileSessionStore(file: string, cipher: StringCipher): SessionStore {
  const memory = createMemorySessionStore();
  return {
    async load() {
      if (!cipher.isEncryptionAvailable()) return memory.load();
      let encrypted: Buffer;
      try {
        encrypted = await readFile(file);
      } catch {
        return null;
      }
      try {
        const parsed = CloudSession.safeParse(JSON.parse(cipher.decryptString(encrypted)));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(session) {
      const valid = CloudSession.parse(session);
      if (!cipher.isEncryptionAvailable()) return memory.save(valid);
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, cipher.encryptString(JSON.stringify(valid)), { mode: 0o600 });
      await rename(temp, file);
    },
    async clear() {
      await memory.clear();
      await rm(file, { force: true });
    },
  };
}
