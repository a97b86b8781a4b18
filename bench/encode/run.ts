/**
 * `npm run bench:encode`: bands encoded per minute through pcscd + vpcd + a virtual NTAG213 (or, with
 * `BENCH_TAG=ntag424` / `--tag ntag424`, a virtual NTAG 424 DNA personalised with a running cloud's keys,
 * then each band tapped once through that cloud: `genuine` counts the taps it classified GENUINE) with a
 * per-APDU latency, and the software's own time per band (tap detected → written → verified → registered,
 * minus the tag I/O delay injected after detection) as p50/p99. Starts its own namespaced pcscd.
 * Options: --bands N (default 120), --latency-ms X (default 5), --nice N (default -10: the namespace runs at
 * a higher priority so neighbours on a shared box weigh less on the tail; 0 to measure as is).
 * The host process's CPU time per band (service + virtual tag) is reported too: the steadiest figure.
 * Last line: one JSON object.
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PlainError } from '@sparkmotion/shared/errors';
import { exitPlainlyOnFailure } from '../../cloud/src/process/exit-plainly.ts';
import { NfcHarness } from '../../desktop/test/nfc/harness.ts';
import type { LoopResult } from './loop.ts';
import { startBenchCloud } from './ntag424-cloud.ts';

exitPlainlyOnFailure('bench:encode', { level: process.env.LOG_LEVEL });

const { values } = parseArgs({
  options: {
    bands: { type: 'string', default: '120' },
    'latency-ms': { type: 'string', default: '5' },
    nice: { type: 'string', default: '-10' },
    tag: { type: 'string', default: process.env.BENCH_TAG ?? 'ntag213' },
  },
});
const tag = values.tag.toUpperCase();
if (tag !== 'NTAG213' && tag !== 'NTAG424') throw new Error('--tag (BENCH_TAG) must be ntag213 or ntag424');
const bands = Number(values.bands);
const latencyMs = Number(values['latency-ms']);
if (!(bands >= 1) || !(latencyMs >= 0)) {
  throw new PlainError(
    '--bands must be >= 1 and --latency-ms >= 0',
    'For example: npm run bench:encode -- --bands 120',
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

const nice = Number(values.nice);
const cloud = tag === 'NTAG424' ? await startBenchCloud() : null;
const harness = await NfcHarness.start(nice === 0 ? {} : { nice });
try {
  await harness.readersReady();
  if (cloud) {
    const keys = await cloud.sdmMasterKeys();
    await harness.call('sdmKeys.set', {
      version: keys.version,
      keys: Object.fromEntries(keys.versions.map((v) => [v.version, v.key])),
    });
    await harness.call('settings.set', { hubBaseUrl: cloud.url });
    // Band ids are minted for the organization that registers them, or the cloud refuses them.
    await harness.call('desk.setOrg', { orgId: cloud.orgId });
  }
  const loop = join(dirname(fileURLToPath(import.meta.url)), 'loop.ts');
  const result = await harness.call<LoopResult>('run', {
    module: loop,
    args: { bands, latencyMs, tag, eventId: cloud?.eventId ?? 'bench-event' },
  });
  const ok = result.bands.filter((b) => b.ok);
  // Tag I/O = the delay the virtual tag actually slept (a late timer on a loaded box included). The nominal
  // figure subtracts only APDUs × latency, so it bills every scheduling delay to the software.
  const overhead = ok.map((b) => b.elapsedMs - b.tagIoMs).sort((a, b) => a - b);
  const nominal = ok.map((b) => b.elapsedMs - b.apdus * latencyMs).sort((a, b) => a - b);
  const elapsed = ok.map((b) => b.elapsedMs).sort((a, b) => a - b);
  const apdus = ok.reduce((sum, b) => sum + b.apdus, 0) / Math.max(1, ok.length);
  console.log(
    `encoded ${ok.length}/${bands} ${tag} bands, ${latencyMs} ms injected per APDU, ~${apdus.toFixed(1)} APDUs per band`,
  );
  console.log(
    `tap → registered: p50 ${round(percentile(elapsed, 50))} ms, p99 ${round(percentile(elapsed, 99))} ms (tag I/O included)`,
  );
  console.log(
    `software overhead: p50 ${round(percentile(overhead, 50))} ms, p99 ${round(percentile(overhead, 99))} ms`,
  );
  console.log(
    `overhead vs nominal tag time: p50 ${round(percentile(nominal, 50))} ms, p99 ${round(percentile(nominal, 99))} ms`,
  );
  console.log(
    `wall ${round(result.wallMs / 1000)} s, including pcscd's card polling (insert/remove detection) between bands`,
  );
  const cpuPerBand = result.cpuMs / bands;
  console.log(`CPU of the service + virtual tag process: ${round(cpuPerBand)} ms per band (nice ${nice})`);
  let genuine: number | undefined;
  if (cloud) {
    await cloud.register(result.encoded.map((e) => e.registration));
    const urls = result.encoded.map((e) => e.url).filter((url): url is string => url !== null);
    genuine = await cloud.tapGenuine(urls);
    console.log(`tapped ${urls.length} bands once each through ${cloud.url}/e: ${genuine} GENUINE`);
  }
  console.log(
    JSON.stringify({
      bench: 'encode',
      tag,
      bands: ok.length,
      bands_per_minute: round((ok.length / result.wallMs) * 60_000),
      p50_overhead_ms: round(percentile(overhead, 50)),
      p99_overhead_ms: round(percentile(overhead, 99)),
      p50_overhead_vs_nominal_ms: round(percentile(nominal, 50)),
      p99_overhead_vs_nominal_ms: round(percentile(nominal, 99)),
      failures: bands - ok.length,
      ...(genuine === undefined ? {} : { genuine }),
      latency_ms: latencyMs,
      cpu_ms_per_band: round(cpuPerBand),
      nice,
      p50_tap_to_registered_ms: round(percentile(elapsed, 50)),
      p99_tap_to_registered_ms: round(percentile(elapsed, 99)),
    }),
  );
} finally {
  await harness.close();
  await cloud?.close();
}
