/**
 * The few Docker and docker-compose calls `npm run test:deploy` makes, as promises (the storm keeps
 * running while a container is killed or started).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs a command to its end; its output is shown only when it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
) {
  const result = spawnSync(command, args, {
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export async function runAsync(command: string, args: readonly string[]): Promise<string> {
  return (await exec(command, [...args], { maxBuffer: 64 << 20 })).stdout;
}

/** `docker compose` (the plugin) when there is one, else the standalone `docker-compose`. */
export function composeCommand(file: string, project: string): [string, string[]] {
  const plugin = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
  return plugin ? ['docker', ['compose', '-f', file, '-p', project]] : ['docker-compose', ['-f', file, '-p', project]];
}
