/**
 * `npm run bench:redirect`: the redirect benchmark, in one run on this machine.
 *
 * (a) a bare node:http 302 server, (b) SparkMotion's redirect (warm cache over 10,000 bands, real
 * Redis and PostgreSQL, taps flowing to TapLog). Each server runs pinned to core 0 (`taskset -c 0`);
 * wrk, and at background priority the tap shipper sidecar and the local PostgreSQL and Redis, share
 * core 1 (see pin-services.ts): the nearest a 2-core machine comes to a redirect instance with its
 * database on other machines.
 *
 * Prints: peak req/s of each (wrk -t1 -c50; rounds of (a) then (b), alternating, so that both share
 * whatever else the machine does meanwhile; pooled over the rounds) and b/a, CPU µs per request of
 * each server (from /proc: steadier than req/s on shared machines), latency p50/p99/p99.9 at a paced 5,000 req/s of the
 * bare server (the machine's own tail) and of SparkMotion, and taps served (302s the server sent, from its /metrics) vs rows in TapLog once the
 * shipper has drained. Last line: one JSON object.
 *
 * Env: BENCH_SECONDS (length of one peak round, default 5), BENCH_ROUNDS (default 3), BENCH_PACED_SECONDS (default 15), BENCH_RATE
 * (default 5000), BENCH_BANDS (default 10000), BENCH_TAP_SHIPPER (`external`, the default: the redirect
 * process only writes its local tap log and a `ship-taps` sidecar on core 1 ships it, as deployed on
 * a multi-core machine; `inline`: the redirect process ships its own log on its one core). PostgreSQL/Redis as the tests find them
 * (TEST_DATABASE_URL / TEST_REDIS_URL, the local defaults, or started on spare ports).
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { readyLine } from '../../test/child-process.ts';
import { setup } from '../../test/services.ts';
import { pinServices } from './pin-services.ts';

exitPlainlyOnFailure('bench:redirect', { level: process.env.LOG_LEVEL });

const here = fileURLToPath(new URL('.', import.meta.url));
const PEAK_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 5000);
const CONNECTIONS = 50;

const provided: Record<string, string> = {};
const teardown = await setup({ provide: (key: string, value: string) => (provided[key] = value) } as never);
const children: ChildProcess[] = [];
// Background work on the load generator's core runs at the lowest priority: wrk comes first.
const BACKGROUND_NICE = 19;
const pinning = await pinServices(provided.pgAdminUrl!, provided.redisUrl!, '1', BACKGROUND_NICE);
const stopAll = () => {
  pinning.restore();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
};
process.on('exit', stopAll);

function start(
  script: string,
  env: Record<string, string>,
  core = '0',
  niceness = 0,
): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const command = ['nice', '-n', String(niceness), 'taskset', '-c', core, process.execPath, script];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return readyLine(child, script).then((info) => ({ child, info }));
}

interface WrkResult {
  requests: number;
  duration_us: number;
  status_errors: number;
  socket_errors: number;
  p50_us: number;
  p99_us: number;
  p999_us: number;
  max_us: number;
}

/**
 * wrk runs at real-time priority where the machine allows it: the background work on its core (shipper,
 * PostgreSQL, Redis) could otherwise hold the core for a scheduler slice (~1–3 ms) when wrk wakes up,
 * and wrk would count that delay as the server's latency.
 */
const REALTIME = (() => {
  try {
    execFileSync('chrt', ['-f', '50', 'true'], { stdio: 'ignore' });
    return ['chrt', '-f', '50'];
  } catch {
    return [];
  }
})();

function wrk(url: string, seconds: number, idsFile: string, rate?: number): Promise<WrkResult> {
  const command = ['wrk', '-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', `${here}paced.lua`, url];
  const args = ['-c', '1', ...REALTIME, ...command];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), BENCH_IDS: idsFile };
  env.BENCH_CONNECTIONS = String(CONNECTIONS);
  if (rate) env.BENCH_RATE = String(rate);
  else delete env.BENCH_RATE;
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}):\n${out}`));
      else resolve(JSON.parse(line) as WrkResult);
    });
  });
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface PeakRound {
  requests: number;
  seconds: number;
  cpuSeconds: number;
}

async function peakRound(url: string, pid: number, idsFile: string): Promise<PeakRound> {
  const cpu = cpuSeconds(pid);
  const result = await wrk(url, PEAK_SECONDS, idsFile);
  return { requests: result.requests, seconds: result.duration_us / 1e6, cpuSeconds: cpuSeconds(pid) - cpu };
}

/** req/s and CPU µs per request over all rounds of one server. */
function pooled(rounds: readonly PeakRound[]) {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  return {
    rps: requests / rounds.reduce((n, r) => n + r.seconds, 0),
    cpuUsPerRequest: (rounds.reduce((n, r) => n + r.cpuSeconds, 0) * 1e6) / requests,
  };
}

async function served(url: string): Promise<number> {
  const body = await (await fetch(`${url}/metrics`)).text();
  const match = /sparkmotion_redirect_requests_total\{outcome="SERVED"\} (\d+)/.exec(body);
  return match ? Number(match[1]) : 0;
}

async function withDb<T>(databaseUrl: string, use: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

const countLogged = async (db: pg.Client) =>
  Number((await db.query('select count(*)::int as n from tap_log')).rows[0].n);

/** Waits (at most two minutes) until TapLog holds `count` taps; returns how many it holds. */
function drained(databaseUrl: string, count: number): Promise<number> {
  return withDb(databaseUrl, async (db) => {
    let logged = 0;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      logged = await countLogged(db);
      if (logged >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return logged;
  });
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => console.log(line);

try {
  const started = Date.now();
  const bare = await start(`${here}bare-server.ts`, {});
  // The bare server ignores the bandId; the Lua script still needs ids to build its URLs.
  const inline = process.env.BENCH_TAP_SHIPPER === 'inline';
  const cloud = await start(`${here}cloud-server.ts`, {
    BENCH_PG_ADMIN_URL: provided.pgAdminUrl!,
    BENCH_REDIS_URL: provided.redisUrl!,
    BENCH_TAP_SHIPPER: inline ? 'inline' : 'external',
  });
  const idsFile = cloud.info.idsFile!;
  // The tap shipper sidecar, on wrk's core (1): it ships the redirect's local log off the server's core.
  // It runs at the lowest priority, as background work should: under a peak it yields the core to the load
  // generator and lets the durable local log absorb the backlog, then catches up (served = logged is still
  // checked once it has drained).
  const sidecar = inline
    ? undefined
    : await start(
        `${here}../../cloud/src/taps/ship-taps.ts`,
        {
          DATABASE_URL: cloud.info.databaseUrl!,
          REDIS_URL: provided.redisUrl!,
          REDIS_KEY_PREFIX: cloud.info.keyPrefix!,
          DATA_DIR: cloud.info.dataDir!,
          LOG_LEVEL: 'warn',
        },
        '1',
        BACKGROUND_NICE,
      );
  const sidecarCpuStart = sidecar ? cpuSeconds(sidecar.child.pid!) : 0;

  log(
    `on core 1 with wrk, at background priority with the shipper: ${pinning.pinned.join(', ') || 'nothing (PostgreSQL/Redis not local)'}`,
  );
  const bandCount = readFileSync(idsFile, 'utf8').trim().split('\n').length;
  log(
    `peak: wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds of ${PEAK_SECONDS}s per server, alternating (server on core 0, wrk on core 1${REALTIME.length ? ' at real-time priority' : ''})`,
  );
  log(`  (a) bare node:http 302; (b) SparkMotion redirect, warm cache over ${bandCount} bands`);
  // Warm-up: JIT, connections, caches. Alternating rounds then share whatever the machine does meanwhile.
  await wrk(bare.info.url!, 2, idsFile);
  await wrk(cloud.info.url!, 2, idsFile);
  /**
   * Waits until every tap the SparkMotion server has answered is in TapLog. On a loaded machine the server
   * may still be answering requests wrk sent before it stopped: count again until the count holds.
   */
  const allLanded = async () => {
    for (let servedTaps = await served(cloud.info.url!); ; ) {
      const logged = await drained(cloud.info.databaseUrl!, servedTaps);
      const again = await served(cloud.info.url!);
      if (again === servedTaps) return { servedTaps, logged };
      servedTaps = again;
    }
  };
  const aRounds: PeakRound[] = [];
  const bRounds: PeakRound[] = [];
  for (let i = 1; i <= ROUNDS; i++) {
    // The bare server runs with the machine as quiet as it was at the start: SparkMotion's taps of the
    // previous round have landed, so its shipper and PostgreSQL are idle (they would slow (a) too).
    await allLanded();
    const ra = await peakRound(bare.info.url!, bare.child.pid!, idsFile);
    const rb = await peakRound(cloud.info.url!, cloud.child.pid!, idsFile);
    aRounds.push(ra);
    bRounds.push(rb);
    const [pa, pb] = [pooled([ra]), pooled([rb])];
    log(
      `  round ${i}: (a) ${Math.round(pa.rps)} req/s, ${round(pa.cpuUsPerRequest, 1)} µs CPU/request; (b) ${Math.round(pb.rps)} req/s, ${round(pb.cpuUsPerRequest, 1)} µs; b/a ${round(pb.rps / pa.rps, 3)}`,
    );
  }
  const a = pooled(aRounds);
  const b = pooled(bRounds);
  const ratio = b.rps / a.rps;
  log(`bare node:http 302: ${Math.round(a.rps)} req/s, ${round(a.cpuUsPerRequest, 1)} µs CPU/request`);
  log(`SparkMotion redirect: ${Math.round(b.rps)} req/s, ${round(b.cpuUsPerRequest, 1)} µs CPU/request`);
  log(`  ratio b/a: ${round(ratio, 3)} (CPU ratio a/b: ${round(a.cpuUsPerRequest / b.cpuUsPerRequest, 3)})`);

  // The shipper runs behind wrk on core 1: what the peak left in the local log lands after it.
  const landedAtPeakEnd = await withDb(cloud.info.databaseUrl!, countLogged);
  const catchUpStarted = Date.now();
  const atPeakEnd = await allLanded();
  log(
    `  taps: ${landedAtPeakEnd} of ${atPeakEnd.servedTaps} in TapLog when the peak ended, all ${round((Date.now() - catchUpStarted) / 1000, 1)} s later`,
  );

  // The machine's own tail at this rate: what no server on these shared cores can beat.
  const barePaced = await wrk(bare.info.url!, PACED_SECONDS, idsFile, RATE);
  log(
    `bare node:http 302 at a paced ${RATE} req/s: p50 ${round(barePaced.p50_us / 1000, 3)} ms, p99 ${round(barePaced.p99_us / 1000, 3)} ms, p99.9 ${round(barePaced.p999_us / 1000, 3)} ms`,
  );
  bare.child.kill('SIGTERM');

  // The paced run measures steady state (taps flowing at the paced rate), not the peak's catch-up.
  log(`SparkMotion at a paced ${RATE} req/s for ${PACED_SECONDS}s:`);
  const paced = await wrk(cloud.info.url!, PACED_SECONDS, idsFile, RATE);
  const achieved = paced.requests / (paced.duration_us / 1e6);
  log(
    `  achieved ${Math.round(achieved)} req/s; latency p50 ${round(paced.p50_us / 1000, 3)} ms, p99 ${round(paced.p99_us / 1000, 3)} ms, p99.9 ${round(paced.p999_us / 1000, 3)} ms, max ${round(paced.max_us / 1000, 2)} ms`,
  );

  // Every 302 the server sent has its tap in TapLog once the shipper has drained.
  const { servedTaps, logged } = await allLanded();
  const duplicates = await withDb(cloud.info.databaseUrl!, async (db) =>
    Number(
      (await db.query('select count(*)::int as n from (select id from tap_log group by id having count(*) > 1) d'))
        .rows[0].n,
    ),
  );
  log(`taps: served ${servedTaps}, in TapLog ${logged}, duplicate ids ${duplicates}`);
  const shipperCpuUsPerTap = sidecar ? ((cpuSeconds(sidecar.child.pid!) - sidecarCpuStart) * 1e6) / logged : 0;
  if (sidecar) {
    log(`  shipper sidecar (core 1, with wrk): ${round(shipperCpuUsPerTap, 1)} µs CPU per tap shipped`);
    sidecar.child.kill('SIGTERM');
  } else log('  shipped inline by the redirect process (BENCH_TAP_SHIPPER=inline)');

  cloud.child.kill('SIGTERM');
  await new Promise((resolve) => cloud.child.once('exit', resolve));
  const admin = new pg.Client({ connectionString: provided.pgAdminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${cloud.info.database} with (force)`);
  await admin.end();

  const goals = {
    ratio: ratio >= 0.7,
    p99: paced.p99_us / 1000 <= 5,
    zeroLost: logged === servedTaps && duplicates === 0,
  };
  log(
    `goals: b/a >= 0.7 ${goals.ratio ? 'met' : 'MISSED'}; p99 <= 5 ms ${goals.p99 ? 'met' : 'MISSED'}; zero lost ${goals.zeroLost ? 'met' : 'MISSED'} (${round((Date.now() - started) / 1000, 1)} s)`,
  );
  console.log(
    JSON.stringify({
      bench: 'redirect',
      bare_rps: Math.round(a.rps),
      rps: Math.round(b.rps),
      ratio: round(ratio, 3),
      bare_cpu_us_per_req: round(a.cpuUsPerRequest, 1),
      cpu_us_per_req: round(b.cpuUsPerRequest, 1),
      paced_rps: Math.round(achieved),
      bare_p99_ms_at_5000: round(barePaced.p99_us / 1000, 3),
      p50_ms_at_5000: round(paced.p50_us / 1000, 3),
      p99_ms_at_5000: round(paced.p99_us / 1000, 3),
      p999_ms_at_5000: round(paced.p999_us / 1000, 3),
      shipper: inline ? 'inline' : 'sidecar',
      shipper_cpu_us_per_tap: round(shipperCpuUsPerTap, 1),
      served: servedTaps,
      logged,
      duplicates,
      goals_met: goals.ratio && goals.p99 && goals.zeroLost,
    }),
  );
} finally {
  stopAll();
  await teardown();
}
