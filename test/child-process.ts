import type { ChildProcess } from 'node:child_process';

/**
 * The first line of a child's stdout that is a JSON object: how our child servers (benchmarks, crash
 * tests) say they are ready and where they listen. Rejects if the child exits before printing one.
 */
export function readyLine(child: ChildProcess, name: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
}
