import type { ChildProcess } from 'node:child_process';

/**
 * The first line of a child's stdout that is a JSON object and not a log line: how our child servers
 * (benchmarks, crash tests) say they are ready and where they listen. Pino's log lines (a `level` field)
 * share stdout and are skipped: a warning at start-up is not the ready line. Rejects if the child exits
 * before printing one.
 */
export function readyLine(child: ChildProcess, name: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n').slice(0, -1);
      const ready = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>);
      const line = ready.find((value) => !('level' in value));
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
}

/**
 * Waits until a child's output (stdout and stderr together) matches `pattern`; rejects with all it printed
 * when it exits first or `timeoutMs` passes. `output()` keeps growing after that.
 */
export async function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<{ match: RegExpMatchArray; output: () => string }> {
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = output.match(pattern);
    if (match) return { match, output: () => output };
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`${what} printed nothing like ${pattern} in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
