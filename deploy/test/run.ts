/**
 * `npm run test:deploy` (not part of `npm test`): the production topology of deploy/compose.yaml,
 * proven by killing an instance under load. Installs Docker when absent (Debian's docker.io) and
 * starts dockerd, builds the image, brings the compose project up (HAProxy, two instances with their
 * spools and sidecars, PostgreSQL, Redis), seeds an event with bands, sends a bounded storm of taps
 * through the load balancer on loopback, `docker kill -s KILL`s one instance mid-storm and starts it
 * again, waits for every spool to drain, then counts `tap_log` rows by SQL.
 *
 * Goals: ≥ 2 instances; every tap that got a 302 is in tap_log (logged = served), none twice
 * (duplicates = 0); no 5xx from the load balancer but for requests the killed instance had in flight.
 * Last line: one JSON object. Env: DEPLOY_TAPS (default 30000), DEPLOY_CONCURRENCY (48), DEPLOY_PORT
 * (18080), DEPLOY_BASE_IMAGE (a Debian bookworm image to build on), DEPLOY_KEEP=1 (leave it running).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { PlainError } from '@sparkmotion/shared/errors';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { composeCommand, run, runAsync } from './docker.ts';
import { storm } from './storm.ts';

exitPlainlyOnFailure('test:deploy');

/** Checked before Docker is installed or started: a typo must not cost a build. */
function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new PlainError(
      `${name} must be a positive whole number, not "${process.env[name]}"`,
      `Fix or unset ${name}.`,
    );
  }
  return value;
}
const TAPS = positiveInt('DEPLOY_TAPS', 30_000);
const CONCURRENCY = positiveInt('DEPLOY_CONCURRENCY', 48);
const PORT = positiveInt('DEPLOY_PORT', 18080);
const STATS_PORT = PORT + 1;
const BANDS = 1000;
const KILLED = 'cloud-1';
const SURVIVOR = 'cloud-2';

const started = performance.now();
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (path: string) => join(root, path);
const say = (line: string) => console.log(`[deploy] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dockerdPidFile = join(tmpdir(), 'sparkmotion-test-dockerd.pid');
rmSync(dockerdPidFile, { force: true });
run('bash', [here('deploy/test/ensure-docker.sh'), dockerdPidFile]);
const base = run('bash', [here('deploy/test/base-image.sh')]).trim();
say(`base image: ${base}`);

// Behind a TLS-intercepting proxy the image build must trust the same CA as this machine's npm does.
const ca = process.env.NODE_EXTRA_CA_CERTS ?? process.env.npm_config_cafile;
if (ca && existsSync(ca)) copyFileSync(ca, here('deploy/build-ca.pem'));
const baseArg = base === 'official' ? [] : ['--build-arg', `BASE_IMAGE=${base}`];
const image = 'sparkmotion/cloud:test';
let phase = performance.now();
run('docker', ['build', '-q', '-f', here('deploy/Dockerfile'), ...baseArg, '-t', image, root]);
const images: Record<string, string> = { SPARKMOTION_IMAGE: image };
if (base !== 'official') {
  for (const name of ['postgres', 'redis', 'haproxy']) {
    const tag = `sparkmotion-stand-in/${name}`;
    run('docker', ['build', '-q', '--target', name, ...baseArg, '-t', tag, here('deploy/test/stand-ins')]);
    images[`${name.toUpperCase()}_IMAGE`] = tag;
  }
}
say(`images built in ${((performance.now() - phase) / 1000).toFixed(1)} s`);

run('bash', [here('deploy/make-secrets.sh')]);
const env = {
  ...process.env,
  ...images,
  SPARKMOTION_BIND: '127.0.0.1',
  SPARKMOTION_PORT: String(PORT),
  SPARKMOTION_STATS_PORT: String(STATS_PORT),
  LOG_LEVEL: 'warn',
};
const [composeBin, composeArgs] = composeCommand(here('deploy/compose.yaml'), 'sparkmotion-test');
const compose = (...args: string[]) => run(composeBin, [...composeArgs, ...args], { env });
const containerOf = (service: string) => compose('ps', '-q', service).trim();

interface ServerStats {
  status: string;
  /** Times HAProxy's health check took it out of the pool. */
  chkdown: number;
  hrsp_5xx: number;
  eresp: number;
  wretr: number;
  wredis: number;
}
async function haproxyStats(): Promise<Map<string, ServerStats>> {
  const csv = await (await fetch(`http://127.0.0.1:${STATS_PORT}/stats;csv`)).text();
  const [header, ...lines] = csv.trim().split('\n');
  const names = header!.replace(/^# /, '').split(',');
  const stats = new Map<string, ServerStats>();
  for (const line of lines) {
    const cells = Object.fromEntries(line.split(',').map((value, i) => [names[i], value]));
    if (cells.pxname !== 'cloud' && cells.svname !== 'FRONTEND') continue;
    const key = cells.svname === 'FRONTEND' ? `${cells.pxname}:FRONTEND` : cells.svname!;
    const n = (name: string) => Number(cells[name] || 0);
    stats.set(key, {
      status: cells.status!,
      chkdown: n('chkdown'),
      hrsp_5xx: n('hrsp_5xx'),
      eresp: n('eresp'),
      wretr: n('wretr'),
      wredis: n('wredis'),
    });
  }
  return stats;
}
/** Until HAProxy has every server UP (and had taken each out of the pool at least `downs` times). */
async function waitUp(servers: readonly string[], timeoutMs: number, downs = 0): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await haproxyStats().catch(() => new Map<string, ServerStats>());
    if (servers.every((s) => stats.get(s)?.status === 'UP' && stats.get(s)!.chkdown >= downs)) return;
    if (Date.now() > deadline) throw new Error(`not UP behind HAProxy after ${timeoutMs} ms: ${servers.join(', ')}`);
    await sleep(250);
  }
}

let result: Record<string, unknown> | undefined;
try {
  phase = performance.now();
  compose('down', '-v', '--remove-orphans');
  compose('up', '-d');
  await waitUp([KILLED, SURVIVOR], 180_000);
  say(`compose up, both instances UP behind HAProxy in ${((performance.now() - phase) / 1000).toFixed(1)} s`);

  const psql = (sql: string) =>
    run(
      'docker',
      [
        'exec',
        '-i',
        containerOf('postgres'),
        'psql',
        '-U',
        'sparkmotion',
        '-d',
        'sparkmotion',
        '-v',
        'ON_ERROR_STOP=1',
        '-qAt',
      ],
      {
        input: sql,
      },
    );
  const orgId = randomUUID();
  const eventId = randomUUID();
  const bandIds = Array.from({ length: BANDS }, () => mintBandId(orgBandTag(orgId), (n) => randomBytes(n)));
  psql(`
    insert into organizations (id, name, slug) values ('${orgId}', 'Deploy test', 'deploy-${orgId.slice(0, 8)}');
    insert into events (id, org_id, name, timezone, fallback_url)
      values ('${eventId}', '${orgId}', 'Deploy test', 'UTC', 'https://example.com/fallback');
    insert into event_windows (id, org_id, event_id, kind, url, starts_at, ends_at)
      values (gen_random_uuid(), '${orgId}', '${eventId}', 'LIVE', 'https://example.com/live', now() - interval '1 hour', now() + interval '1 hour');
    insert into bands (id, org_id, event_id, band_id, registered_at)
      select gen_random_uuid(), '${orgId}', '${eventId}', unnest(string_to_array('${bandIds.join(',')}', ',')), now();
  `);

  // The storm; at 30% of it, kill one instance outright and start it again at once.
  let killedAt = 0;
  let restarted: Promise<number> | undefined;
  const killed = containerOf(KILLED);
  const outcome = await storm({
    port: PORT,
    bandIds,
    total: TAPS,
    concurrency: CONCURRENCY,
    onProgress: (sent) => {
      if (killedAt || sent < TAPS * 0.3) return;
      killedAt = sent;
      restarted = (async () => {
        // HAProxy counts each time a health check takes a server out of the pool.
        const downsBefore = (await haproxyStats()).get(KILLED)!.chkdown;
        await runAsync('docker', ['kill', '-s', 'KILL', killed]);
        const at = performance.now();
        await runAsync('docker', ['start', killed]);
        await waitUp([KILLED], 120_000, downsBefore + 1);
        return (performance.now() - at) / 1000;
      })();
    },
  });
  const backAfter = restarted ? await restarted : Number.NaN;
  say(
    `storm: ${outcome.sent} taps in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.sent / outcome.seconds)}/s, ${CONCURRENCY} connections); ${KILLED} killed after ${killedAt}, UP again ${backAfter.toFixed(1)} s later`,
  );
  say(`answers: ${JSON.stringify(outcome.byStatus)}, socket errors: ${JSON.stringify(outcome.socketErrors)}`);

  // Drained: no instance has bytes left in its spool, and the row count has stopped moving.
  phase = performance.now();
  const countRows = () => Number(psql(`select count(*) from tap_log where event_id = '${eventId}'`).trim());
  const spoolBytes = () =>
    [KILLED, SURVIVOR]
      .map((service) =>
        run('docker', [
          'exec',
          containerOf(service),
          'node',
          '-e',
          "fetch('http://127.0.0.1:3000/metrics').then(r=>r.text()).then(t=>console.log(/^sparkmotion_tap_buffer_bytes (\\S+)/m.exec(t)[1]))",
        ]),
      )
      .reduce((sum, value) => sum + Number(value.trim()), 0);
  let rows = -1;
  for (const deadline = Date.now() + 180_000; ; ) {
    const now = countRows();
    if (now === rows && spoolBytes() === 0) break;
    if (Date.now() > deadline) throw new Error(`spools did not drain in 180 s (${now} rows)`);
    rows = now;
    await sleep(1000);
  }
  say(`spools drained ${((performance.now() - phase) / 1000).toFixed(1)} s after the storm`);

  const counts = psql(`
    create temp table served (id uuid);
    copy served from stdin;
${outcome.servedIds.join('\n')}
\\.
    select
      (select count(distinct s.id) from served s where exists (select 1 from tap_log t where t.id = s.id)),
      (select count(*) - count(distinct id) from served),
      (select count(*) from (select id from tap_log where event_id = '${eventId}' group by id having count(*) > 1) twice);
  `)
    .trim()
    .split('|')
    .map(Number);
  const [logged, servedTwice, loggedTwice] = counts as [number, number, number];
  const stats = await haproxyStats();
  const killedStats = stats.get(KILLED)!;
  const survivorStats = stats.get(SURVIVOR)!;
  const http5xx = Object.entries(outcome.byStatus)
    .filter(([status]) => status.startsWith('5'))
    .reduce((sum, [, n]) => sum + n, 0);
  const socketErrors = Object.values(outcome.socketErrors).reduce((sum, n) => sum + n, 0);
  const served = outcome.servedIds.length;
  say(
    `HAProxy: ${KILLED} response errors ${killedStats.eresp}, retried ${killedStats.wretr}, redispatched ${killedStats.wredis}; ${SURVIVOR} response errors ${survivorStats.eresp}, 5xx ${survivorStats.hrsp_5xx}`,
  );
  say(
    `tap_log: ${rows} rows for the event; ${logged} of ${served} served taps; ${rows - logged} more were spooled by ${KILLED} for requests it never answered (HAProxy retried them on ${SURVIVOR})`,
  );
  result = {
    bench: 'deploy',
    instances: 2,
    sent: outcome.sent,
    served,
    logged,
    duplicates: servedTwice + loggedTwice,
    rows,
    unanswered_rows: rows - logged,
    http_5xx: http5xx,
    http_5xx_killed_instance_in_flight: Math.min(http5xx, killedStats.eresp),
    in_flight_retried_on_survivor: killedStats.wretr,
    redispatched_to_survivor: killedStats.wredis,
    socket_errors: socketErrors,
    taps_per_second: Math.round(outcome.sent / outcome.seconds),
    restart_seconds: Number(backAfter.toFixed(1)),
    seconds: 0,
  };
  const met =
    logged === served &&
    served + http5xx === outcome.sent &&
    servedTwice + loggedTwice === 0 &&
    http5xx <= killedStats.eresp &&
    survivorStats.eresp === 0 &&
    socketErrors === 0;
  say(`goals (logged = served, duplicates 0, no 5xx but the killed instance's in-flight): ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
} finally {
  if (process.env.DEPLOY_KEEP !== '1') {
    compose('down', '-v', '--remove-orphans');
    if (existsSync(dockerdPidFile)) process.kill(Number(readFileSync(dockerdPidFile, 'utf8')), 'SIGTERM');
  }
}
if (result) {
  result.seconds = Math.round((performance.now() - started) / 1000);
  say(`total ${result.seconds} s`);
  console.log(JSON.stringify(result));
}
