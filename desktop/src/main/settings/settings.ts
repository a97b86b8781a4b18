import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** The console's settings: what an operator can change on the Settings screen. */
export const Settings = z.object({
  /** Base of the URL written on each tag: `<hubBaseUrl>/e?bandId=<id>`. */
  hubBaseUrl: z.url({ protocol: /^https?$/ }),
  /** Lock the tag (irreversible) right after a verified write. */
  lockAfterWrite: z.boolean(),
  /** Play a sound on success and on failure at the encoding station. */
  sounds: z.boolean(),
  /** Readers the operator chose to run stations on; empty means every reader that is plugged in. */
  readers: z.array(z.string().min(1)).max(16),
  /** The console's language; null follows the system's. */
  language: z.enum(['en', 'de']).nullable(),
  /** The organization and event the desk last worked on, picked again at the next start. */
  orgId: z.uuid().nullable(),
  eventId: z.uuid().nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings = (hubBaseUrl: string): Settings => ({
  hubBaseUrl,
  lockAfterWrite: false,
  sounds: true,
  readers: [],
  language: null,
  orgId: null,
  eventId: null,
});

export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Promise<Settings>;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void;
}

/**
 * Settings kept in one JSON file, written atomically (temp file + rename) so a crash never leaves half a
 * file. A file that no longer parses falls back to the defaults rather than blocking the console.
 */
export async function openSettingsStore(file: string, defaults: Settings): Promise<SettingsStore> {
  let current = Object.freeze(await load(file, defaults));
  const listeners = new Set<(settings: Settings) => void>();
  return {
    get: () => current,
    async update(patch) {
      const next = Object.freeze(Settings.parse({ ...current, ...SettingsPatch.parse(patch) }));
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(next, null, 2));
      await rename(temp, file);
      current = next;
      for (const listener of listeners) listener(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function load(file: string, defaults: Settings): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return defaults;
  }
  try {
    const parsed = Settings.partial().safeParse(JSON.parse(text));
    return parsed.success ? { ...defaults, ...parsed.data } : defaults;
  } catch {
    return defaults;
  }
}
