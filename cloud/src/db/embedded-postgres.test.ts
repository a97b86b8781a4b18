import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const wrapper = join(import.meta.dirname, 'embedded-postgres.ts');

/** A Node script that can start an embedded PostgreSQL through the wrapper, then runs `rest`. */
const script = (rest: string) => `
  const { loadEmbeddedPostgres, startEmbeddedPostgres } = await import(${JSON.stringify(wrapper)});
  ${rest}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('loadEmbeddedPostgres', () => {
  test('keeps the failure code of a process that ends by itself, and says nothing', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script('await loadEmbeddedPostgres(process.getuid?.() === 0); process.exitCode = 3;'),
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });

  test('a cluster the process did not stop is stopped when it exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sm-exit-pg-'));
    let postmaster = 0;
    try {
      const started = script(`
        const { freePort } = await import(${JSON.stringify(join(import.meta.dirname, '../net/free-port.ts'))});
        await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, port: await freePort(), persistent: true });
        process.exit(4);`);
      const exited = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', started]).then(
        () => 0,
        (error: { code?: number }) => error.code,
      );
      expect(exited).toBe(4);
      // PostgreSQL removes its pid file when it shuts down: a file left names a postmaster still running.
      postmaster = Number((await readFile(join(dir, 'postmaster.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
      for (let i = 0; i < 100 && postmaster && alive(postmaster); i++) await sleep(100);
      expect(postmaster && alive(postmaster)).toBeFalsy();
    } finally {
      if (postmaster && alive(postmaster)) process.kill(postmaster, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
