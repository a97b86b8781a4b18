import { z } from 'zod';
import { createSecretFile, type StringCipher } from './encrypted-file.ts';

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

/** Browser mode: the session lives in the host's memory only. */
export function createMemorySessionStore(): SessionStore {
  return createSecretFile(CloudSession, null);
}

/**
 * A session encrypted with the OS's key store and written to one file. When the OS offers no encryption
 * (a Linux desktop without a keyring) the session stays in memory only, so the operator signs in again
 * after a restart instead of the token being written in the clear.
 */
export function createEncryptedFileSessionStore(file: string, cipher: StringCipher): SessionStore {
  return createSecretFile(CloudSession, { file, cipher });
}
