/**
 * The redirect handler's own CPU per tap, without HTTP or the network: the warm-cache path over
 * 10,000 bands, with the real resolver, rate limiter, metrics and local tap log (batched per turn as
 * under load). Steadier than req/s on shared cores; used to compare changes to the hot path.
 * `npm run bench:redirect:handler`; BENCH_BANDS (default 10,000) shows what cache misses cost.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { RateLimiter } from '../../cloud/src/redirect/rate-limiter.ts';
import { createRedirectHandler } from '../../cloud/src/redirect/redirect-handler.ts';
import { createRedirectMetrics } from '../../cloud/src/redirect/redirect-metrics.ts';
import { RedirectResolver } from '../../cloud/src/redirect/resolver.ts';
import { TapLogWriter } from '../../cloud/src/taps/tap-log.ts';
import { createTrustPolicyGuard } from '../../cloud/src/trust/trust-policy.ts';

exitPlainlyOnFailure('bench:redirect:handler', { level: process.env.LOG_LEVEL });

const BANDS = Number(process.env.BENCH_BANDS ?? 10_000);
const eventId = randomUUID();
const orgId = randomUUID();
const now = Date.now();
const event = {
  id: eventId,
  orgId,
  fallbackUrl: 'https://example.com/fallback',
  overrideMode: null,
  status: 'ACTIVE',
  windows: [
    {
      id: randomUUID(),
      kind: 'LIVE',
      url: 'https://example.com/live',
      startsAt: new Date(now - 3600_000),
      endsAt: new Date(now + 3600_000),
    },
  ],
};
const ids = Array.from({ length: BANDS }, () => mintBandId(orgBandTag(orgId), (n) => randomBytes(n)));
const bands = new Map(ids.map((bandId) => [bandId, { id: randomUUID(), bandId, orgId, eventId, status: 'ACTIVE' }]));
const store = { band: async (id: string) => bands.get(id) ?? null, event: async () => event };
const log = pino({ level: 'silent' });
const resolver = new RedirectResolver(
  store as never,
  undefined,
  { ttlMs: 600_000, negativeTtlMs: 5000, maxEntries: 500_000, redisTimeoutMs: 50 },
  log,
);
await resolver.warm(ids, Date.now());
const tapLog = new TapLogWriter({ dir: mkdtempSync(join(tmpdir(), 'sm-hcost-')), segmentBytes: 256 * 1024 * 1024 });
tapLog.open();
const probe = { cache: () => resolver.stats, cacheSize: () => 0 };
const handler = createRedirectHandler({
  resolver,
  tapLog,
  limiter: new RateLimiter({ perIpPerSecond: 1e9, perBandPerSecond: 1e6 }),
  trustGuard: createTrustPolicyGuard(),
  metrics: createRedirectMetrics(new Registry(), probe),
  log,
  now: Date.now,
  trustProxy: false,
});
const rawHeaders = [
  'Host',
  '127.0.0.1',
  'User-Agent',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
];
const socket = { remoteAddress: '127.0.0.1' };
let redirects = 0;
let others = 0;
const res = {
  headersSent: false,
  writeHead: (status: number) => {
    if (status === 302) redirects++;
    else others++;
    return res;
  },
  end: () => {},
};
const urls = Array.from({ length: 100_000 }, () => `/e?bandId=${ids[Math.floor(Math.random() * BANDS)]}`);
let u = 0;
async function run(requests: number): Promise<void> {
  for (let i = 0; i < requests; i += 50) {
    for (let j = 0; j < 50; j++)
      handler({ method: 'GET', url: urls[u++ % urls.length], rawHeaders, socket } as never, res as never);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
await run(200_000);
const ROUND = 400_000;
const rounds: number[] = [];
for (let round = 0; round < 5; round++) {
  const cpu = process.cpuUsage();
  await run(ROUND);
  const used = process.cpuUsage(cpu);
  rounds.push((used.user + used.system) / ROUND);
  console.log(
    `handler: ${rounds.at(-1)!.toFixed(3)} µs CPU per tap (user ${(used.user / ROUND).toFixed(3)}, system ${(used.system / ROUND).toFixed(3)})`,
  );
}
tapLog.close();
// Measuring an error path by mistake would look like a fast redirect: every answer must be a 302.
if (others > 0) throw new Error(`${others} answers were not 302 (of ${redirects + others})`);
const median = [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
console.log(
  JSON.stringify({ bench: 'redirect-handler', bands: BANDS, cpu_us_per_tap: Math.round(median * 1000) / 1000 }),
);
