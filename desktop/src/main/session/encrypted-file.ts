import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

/** The part of Electron's `safeStorage` the desk needs (OS keychain / DPAPI / libsecret behind it). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** One value the desk keeps secret: `load` is null when there is none (or it cannot be read back). */
export interface SecretFile<T> {
  load(): Promise<T | null>;
  save(value: T): Promise<void>;
  clear(): Promise<void>;
}

/**
 * A value checked by `schema`, encrypted with the OS's key store and written to one file (atomically, owner
 * only). Where the OS offers no encryption (`disk` null: browser mode; a Linux desktop without a keyring)
 * it stays in memory only, so it is lost on restart rather than written in the clear. A file that does not
 * decrypt or no longer parses reads as none.
 */
export function createSecretFile<S extends z.ZodType>(
  schema: S,
  disk: { file: string; cipher: StringCipher } | null,
): SecretFile<z.output<S>> {
  let memory: z.output<S> | null = null;
  return {
    async load() {
      if (!disk?.cipher.isEncryptionAvailable()) return memory;
      const { file, cipher } = disk;
      let encrypted: Buffer;
      try {
        encrypted = await readFile(file);
      } catch {
        return null;
      }
      try {
        const parsed = schema.safeParse(JSON.parse(cipher.decryptString(encrypted)));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(value) {
      const valid = schema.parse(value);
      if (!disk?.cipher.isEncryptionAvailable()) {
        memory = valid;
        return;
      }
      const { file, cipher } = disk;
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, cipher.encryptString(JSON.stringify(valid)), { mode: 0o600 });
      await rename(temp, file);
    },
    async clear() {
      memory = null;
      if (disk) await rm(disk.file, { force: true });
    },
  };
}
