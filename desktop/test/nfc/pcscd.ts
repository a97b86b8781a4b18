import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

/** The reader name nfc-pcsc matches (`acr122`) to pick its ACR122U class; vpcd appends ` 00 00` / ` 00 01`. */
export const READER_FRIENDLY_NAME = 'ACS ACR122U PICC Interface';
export const VPCD_PORTS = [35963, 35964] as const;
export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

export type Pcscd = { process: ChildProcess; stop(): Promise<void> };

/**
 * Starts pcscd in the foreground with its own reader.conf.d (vpcd under an ACR122U name), preloading the
 * TCP_NODELAY shim. Meant to run inside the harness's namespace, where /run is a private tmpfs and the
 * vpcd ports are private too. Resolves once the socket exists and vpcd accepts connections.
 */
export async function startPcscd(options: {
  workDir: string;
  shimPath: string | null;
  debug?: boolean;
  /** vpcd's first port (reader 0; reader 1 listens on the next). Default 35963, vpcd's own. */
  vpcdPort?: number;
  /** false: the service runs with no reader at all (a desk before anyone plugs one in). Default true. */
  readers?: boolean;
}): Promise<Pcscd> {
  const port = options.vpcdPort ?? VPCD_PORTS[0];
  const readers = options.readers ?? true;
  const confDir = join(options.workDir, readers ? 'reader.conf.d' : 'no-readers.conf.d');
  await mkdir(confDir, { recursive: true });
  if (readers)
    await writeFile(
      join(confDir, 'vpcd'),
      [
        `FRIENDLYNAME "${READER_FRIENDLY_NAME}"`,
        `DEVICENAME   /dev/null:0x${port.toString(16)}`,
        'LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so',
        `CHANNELID    0x${port.toString(16)}`,
        '',
      ].join('\n'),
    );
  await mkdir('/run/pcscd', { recursive: true });
  const env = { ...process.env };
  if (options.shimPath) env.LD_PRELOAD = options.shimPath;
  const child = spawn('pcscd', ['-f', '-c', confDir, ...(options.debug ? ['-d', '-a'] : [])], {
    env,
    stdio: ['ignore', options.debug ? 'inherit' : 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(existsSync(PCSCD_SOCKET) && (!readers || (await accepts(port))))) {
    if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('pcscd did not come up within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Whether something listens on the port (a probe connection is closed at once, like a card removed). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
