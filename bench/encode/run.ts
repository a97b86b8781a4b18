/**
 * `npm run bench:encode`: bands encoded per minute through pcscd + vpcd + a virtual NTAG213 with a
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

exitPlainlyOnFailure('bench:encode', { level: process.env.LOG_LEVEL });

const { values } = parseArgs({
  options: {
    bands: { type: 'string', default: '120' },
    'latency-ms': { type: 'string', default: '5' },
    nice: { type: 'string', default: '-10' },
  },
});
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
const harness = await NfcHarness.start(nice === 0 ? {} : { nice });
try {
  await harness.readersReady();
  const loop = join(dirname(fileURLToPath(import.meta.url)), 'loop.ts');
  const result = await harness.call<LoopResult>('run', {
    module: loop,
    args: { bands, latencyMs },
  });
  const ok = result.bands.filter((b) => b.ok);
  // Tag I/O = the delay the virtual tag actually slept (a late timer on a loaded box included). The nominal
  // figure subtracts only APDUs × latency, so it bills every scheduling delay to the software.
  const overhead = ok.map((b) => b.elapsedMs - b.tagIoMs).sort((a, b) => a - b);
  const nominal = ok.map((b) => b.elapsedMs - b.apdus * latencyMs).sort((a, b) => a - b);
  const elapsed = ok.map((b) => b.elapsedMs).sort((a, b) => a - b);
  const apdus = ok.reduce((sum, b) => sum + b.apdus, 0) / Math.max(1, ok.length);
  console.log(
    `encoded ${ok.length}/${bands} NTAG213 bands, ${latencyMs} ms injected per APDU, ~${apdus.toFixed(1)} APDUs per band`,
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
  console.log(
    JSON.stringify({
      bench: 'encode',
      bands: ok.length,
      bands_per_minute: round((ok.length / result.wallMs) * 60_000),
      p50_overhead_ms: round(percentile(overhead, 50)),
      p99_overhead_ms: round(percentile(overhead, 99)),
      p50_overhead_vs_nominal_ms: round(percentile(nominal, 50)),
      p99_overhead_vs_nominal_ms: round(percentile(nominal, 99)),
      failures: bands - ok.length,
      latency_ms: latencyMs,
      cpu_ms_per_band: round(cpuPerBand),
      nice,
      p50_tap_to_registered_ms: round(percentile(elapsed, 50)),
      p99_tap_to_registered_ms: round(percentile(elapsed, 99)),
    }),
  );
} finally {
  await harness.close();
}
