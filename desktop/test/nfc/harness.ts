import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlainError } from '@sparkmotion/shared/errors';
import type { NtagType } from '@sparkmotion/shared/ntag/memory-layout';
import type { BandRegistration } from '../../src/main/nfc/band-registry.ts';
import type { NfcEvent, Outcome, ServiceStatus, StationMode, StationSnapshot } from '../../src/main/nfc/nfc-events.ts';
import type { StationSettings } from '../../src/main/nfc/station.ts';
import type { HostOptions } from './host.ts';
import { READER_FRIENDLY_NAME } from './pcscd.ts';
import type { TagFaults, TagStats } from './virtual-tag.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../..');

/** Station ids of the two vpcd readers, as pcscd names them under our friendly name. */
export const STATIONS = [`${READER_FRIENDLY_NAME} 00 00`, `${READER_FRIENDLY_NAME} 00 01`] as const;

/**
 * Builds the TCP_NODELAY LD_PRELOAD shim once per source version (cached under node_modules/.cache);
 * null when gcc is missing, so the harness still runs, only with ~44 ms per APDU.
 */
export function buildShim(): string | null {
  const source = join(here, 'tcp-nodelay-shim.c');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = join(repoRoot, 'node_modules/.cache/sparkmotion-nfc');
  const target = join(dir, `tcp-nodelay-${hash}.so`);
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', temp, source, '-ldl'], { stdio: 'pipe' });
    renameSync(temp, target); // atomic: parallel test files may build at once
    return target;
  } catch (error) {
    console.warn(`[nfc harness] could not build the TCP_NODELAY shim: ${(error as Error).message}`);
    return null;
  }
}

export type HarnessOptions = {
  settings?: Partial<StationSettings>;
  debug?: boolean;
  /** Scheduling niceness of the whole namespace (the benchmark asks for -10 on a shared box; needs root). */
  nice?: number;
  /** Extra Node flags for the host process (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
};

/**
 * A private PC/SC world for one test file: `unshare -Urmnpf` (own user, mount, network and pid namespaces,
 * so parallel files never share pcscd, its socket or vpcd's ports), a tmpfs on /run, loopback up, then
 * `host.ts` inside, which starts pcscd + vpcd, the virtual tags and the real NfcService.
 */
export class NfcHarness {
  readonly events: NfcEvent[] = [];
  private readonly child: ChildProcess;
  private readonly workDir: string;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly waiters = new Set<() => void>();
  private exited = false;

  private constructor(child: ChildProcess, workDir: string) {
    this.child = child;
    this.workDir = workDir;
  }

  static async start(options: HarnessOptions = {}): Promise<NfcHarness> {
    const workDir = mkdtempSync(join(tmpdir(), 'sparkmotion-nfc-'));
    const hostOptions: HostOptions = {
      workDir,
      shimPath: buildShim(),
      // A desk that has its organization's tag secret, as a signed-in one does (without it nothing is encoded).
      settings: {
        hubBaseUrl: 'https://hub.sparkmotion.test',
        lockAfterEncode: false,
        ntagSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        ...options.settings,
      },
      debug: options.debug ?? false,
    };
    const script = 'mount -t tmpfs tmpfs /run && ip link set lo up && exec "$@"';
    const unshare = [
      'unshare',
      '-Urmnpf',
      '--kill-child',
      '--',
      '/bin/sh',
      '-c',
      script,
      'sh',
      process.execPath,
      ...(options.nodeArgs ?? []),
      join(here, 'host.ts'),
      JSON.stringify(hostOptions),
    ];
    const command = options.nice === undefined ? unshare : ['nice', '-n', String(options.nice), ...unshare];
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      cwd: repoRoot,
    });
    const harness = new NfcHarness(child, workDir);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('NFC harness did not start within 20 s')), 20_000);
      child.on(
        'message',
        (message: { ready?: boolean; id?: number; result?: unknown; error?: string; event?: NfcEvent }) => {
          if (message.ready) {
            clearTimeout(timer);
            resolve();
          } else harness.onMessage(message);
        },
      );
      child.once('exit', (code) => {
        harness.exited = true;
        clearTimeout(timer);
        reject(
          new PlainError(
            `the NFC harness exited with ${code} (it needs unshare, pcscd, vpcd and nfc-pcsc's addon)`,
            'Run: npm run services',
          ),
        );
        for (const call of harness.calls.values()) call.reject(new Error('NFC harness exited'));
      });
    });
    return harness;
  }

  private onMessage(message: { id?: number; result?: unknown; error?: string; event?: NfcEvent }): void {
    if (message.event) {
      this.events.push(message.event);
      for (const wake of this.waiters) wake();
      return;
    }
    const call = message.id === undefined ? undefined : this.calls.get(message.id);
    if (!call) return;
    this.calls.delete(message.id!);
    if (message.error !== undefined) call.reject(new Error(message.error));
    else call.resolve(message.result);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error('NFC harness exited'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, params });
    });
  }

  /** Waits for an event matching `predicate` among those from index `from` on; returns it. */
  waitFor<E extends NfcEvent>(predicate: (e: NfcEvent) => e is E, from: number, timeoutMs?: number): Promise<E>;
  waitFor(predicate: (e: NfcEvent) => boolean, from: number, timeoutMs?: number): Promise<NfcEvent>;
  waitFor(predicate: (e: NfcEvent) => boolean, from: number, timeoutMs = 10_000): Promise<NfcEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.events.length; i++) {
          if (predicate(this.events[i]!)) {
            cleanup();
            resolve(this.events[i]!);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`no matching NFC event within ${timeoutMs} ms; last: ${JSON.stringify(this.events.slice(-5))}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  // Conveniences the tests read as sentences.

  createTag(name: string, type: NtagType = 'NTAG213', uid?: string): Promise<string> {
    return this.call('tag.create', { name, type, uid });
  }

  /** A factory-fresh virtual NTAG 424 DNA; resolves with its UID (hex). */
  createNtag424(name: string, uid?: string): Promise<string> {
    return this.call('tag.create424', { name, uid });
  }

  /** A phone's tap on a tag off the reader: the URL it gets (an NTAG 424 DNA fills in a fresh SUN). */
  phoneRead(name: string): Promise<string | null> {
    return this.call('tag.phoneRead', { name });
  }

  /** Puts a tag on a reader and resolves with the outcome of that tap. */
  async tap(name: string, reader = 0, faults?: TagFaults): Promise<Outcome> {
    const from = this.events.length;
    await this.call('tag.insert', { name, reader, faults });
    const event = await this.waitFor(
      (e): e is Extract<NfcEvent, { type: 'outcome' }> => e.type === 'outcome' && e.stationId === STATIONS[reader],
      from,
    );
    return event.outcome;
  }

  /** Takes a tag off its reader and waits until the station saw it go. */
  async lift(name: string, reader = 0): Promise<void> {
    const from = this.events.length;
    await this.call('tag.remove', { name });
    await this.waitFor((e) => e.type === 'card.removed' && e.stationId === STATIONS[reader], from);
  }

  /** Tap then lift: one band at the desk. */
  async tapAndLift(name: string, reader = 0, faults?: TagFaults): Promise<Outcome> {
    const outcome = await this.tap(name, reader, faults);
    await this.lift(name, reader);
    return outcome;
  }

  setMode(reader: number, mode: StationMode): Promise<StationSnapshot> {
    return this.call('service.setMode', { stationId: STATIONS[reader], mode });
  }

  stations(): Promise<StationSnapshot[]> {
    return this.call('service.listStations');
  }

  status(): Promise<ServiceStatus> {
    return this.call('service.status');
  }

  registrations(): Promise<BandRegistration[]> {
    return this.call('registry.all');
  }

  memory(name: string): Promise<Buffer> {
    return this.call<string>('tag.memory', { name }).then((hex) => Buffer.from(hex, 'hex'));
  }

  stats(name: string): Promise<TagStats> {
    return this.call('tag.stats', { name });
  }

  /** Waits until both virtual readers are attached as stations. */
  async readersReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await this.stations()).length < STATIONS.length) {
      if (Date.now() > deadline) throw new Error('virtual readers did not attach');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.disconnect();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
