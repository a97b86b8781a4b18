/**
 * Gives the redirect server core 0 to itself and the load generator first call on core 1: moves the
 * local PostgreSQL (postmaster and every backend, present and future, since backends fork from the
 * postmaster) and Redis onto the load generator's core at background priority (nice) for the run,
 * and puts their CPU affinity and priority back afterwards.
 *
 * Without this, PostgreSQL backends flushing taps wake up on the server's core and preempt it: on a
 * 2-core machine that alone turned a ~5 ms p99 into 30–120 ms and halved the peak. At normal priority
 * on core 1 they preempt wrk instead, which then sends fewer requests and adds its own delays to the
 * latencies it reports. In production the database is on other machines; this is the closest a
 * 2-core box gets to that layout.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

export interface Pinning {
  /** What was moved, for the report. */
  readonly pinned: string[];
  restore(): void;
}

export async function pinServices(pgUrl: string, redisUrl: string, core: string, niceness: number): Promise<Pinning> {
  const saved = new Map<number, { mask: string; nice: number }>();
  const pinned: string[] = [];
  const pin = (pid: number) => {
    try {
      const mask = execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' })
        .trim()
        .split(': ')[1]!;
      const nice = Number(statFields(pid)[16]);
      execFileSync('taskset', ['-a', '-p', '-c', core, String(pid)], { stdio: 'ignore' });
      execFileSync('renice', ['-n', String(niceness), '-p', String(pid)], { stdio: 'ignore' });
      saved.set(pid, { mask, nice });
      return true;
    } catch {
      return false; // Not ours to move (another user's, or gone): leave it.
    }
  };

  const postmaster = await postgresPostmaster(pgUrl);
  if (postmaster && pin(postmaster)) {
    for (const child of childrenOf(postmaster)) pin(child);
    pinned.push(`PostgreSQL (pid ${postmaster})`);
  }
  const redisPid = await redisProcess(redisUrl);
  if (redisPid && pin(redisPid)) pinned.push(`Redis (pid ${redisPid})`);

  return {
    pinned,
    restore() {
      for (const [pid, { mask, nice }] of saved) {
        try {
          execFileSync('taskset', ['-a', '-p', mask, String(pid)], { stdio: 'ignore' });
          execFileSync('renice', ['-n', String(nice), '-p', String(pid)], { stdio: 'ignore' });
        } catch {
          // Exited meanwhile.
        }
      }
      saved.clear();
    },
  };
}

async function postgresPostmaster(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
    return parentOf(backend);
  } finally {
    await client.end();
  }
}

async function redisProcess(url: string): Promise<number | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const match = /process_id:(\d+)/.exec(await redis.info('server'));
    return match ? Number(match[1]) : undefined;
  } finally {
    redis.disconnect();
  }
}

/** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, … [16] nice. */
function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

function parentOf(pid: number): number | undefined {
  try {
    return Number(statFields(pid)[1]);
  } catch {
    return undefined; // Not on this machine (a remote database): nothing to pin.
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((child) => parentOf(child) === pid);
}
