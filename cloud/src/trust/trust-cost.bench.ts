/**
 * CPU cost per tap of the tap-trust checks, for the redirect's figures:
 *   taskset -c 1 npx node cloud/src/trust/trust-cost.bench.ts
 * Prints µs of CPU (process.cpuUsage) per call; run it beside the redirect benchmark's baseline.
 */
import { createCipheriv } from 'node:crypto';
import { resolveMode } from '@sparkmotion/shared/modes/resolve-mode';
import { aesCmac } from '@sparkmotion/shared/ntag424/aes-cmac';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import { sdmMac } from '@sparkmotion/shared/ntag424/sun';
import { trustEvidence } from './evidence.ts';
import { checkTap } from './tap-trust.ts';
import { createTrustPolicyGuard } from './trust-policy.ts';

function bench(name: string, runs: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < runs / 10; i++) fn(i);
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn(i);
  const used = process.cpuUsage(before);
  console.log(`${name.padEnd(58)} ${((used.user + used.system) / runs).toFixed(2).padStart(7)} µs CPU/call`);
}

const keys = sdmKeysFor(Buffer.alloc(16, 7));
const zeroKey = Buffer.alloc(16);
const uid = Buffer.from('04DE5F1EACC040', 'hex');
const sunQueries = Array.from({ length: 1000 }, (_, n) => {
  const counter = Buffer.of(n & 0xff, n >> 8, 0);
  const cipher = createCipheriv('aes-128-cbc', keys.metaReadKey, Buffer.alloc(16));
  cipher.setAutoPadding(false);
  const picc = cipher.update(Buffer.concat([Buffer.of(0xc7), uid, counter, Buffer.alloc(5)])).toString('hex');
  const mac = sdmMac(keys.fileReadKey(uid), uid, counter, new Uint8Array()).toString('hex');
  return new URLSearchParams(`bandId=x&picc=${picc}&cmac=${mac}`);
});
const mirrorQueries = Array.from(
  { length: 1000 },
  (_, n) => new URLSearchParams(`bandId=x&m=04A1B2C3D4E5F6x${n.toString(16).padStart(6, '0')}`),
);
const sunBand = { trust: 'NTAG424_SUN', uid: '04DE5F1EACC040' } as const;
const mirrorBand = { trust: 'NTAG21X_MIRROR', uid: '04A1B2C3D4E5F6' } as const;

const day = (d: number, h: number) => new Date(Date.UTC(2026, 5, d, h));
const windows = [
  { id: 'pre', kind: 'PRE', url: 'p', startsAt: day(1, 0), endsAt: day(10, 0) },
  { id: 'live', kind: 'LIVE', url: 'l', startsAt: day(10, 10), endsAt: day(12, 22) },
  { id: 'post', kind: 'POST', url: 'q', startsAt: day(13, 0), endsAt: day(20, 0) },
] as const;
const event = { fallbackUrl: 'f', overrideMode: null };
const now = day(11, 3).getTime();

bench('resolveMode, 3 windows', 2_000_000, (i) => resolveMode(event, windows, now + i));
bench('checkTap NTAG21x mirror (parse + UID match)', 500_000, (i) => checkTap(mirrorBand, mirrorQueries[i % 1000]!));
bench('aesCmac, one-off key (cipher created per call)', 20_000, () => aesCmac(zeroKey, uid));
bench('checkTap NTAG 424 DNA SUN (decrypt + derive + MAC)', 20_000, (i) => {
  const check = checkTap(sunBand, sunQueries[i % 1000]!, keys);
  if (check.final) throw new Error(`unexpected verdict ${check.verdict}`);
});

// What the redirect's hot path adds per tap: the evidence scan (every GET), and the FALLBACK guard (only
// for events with that policy).
const plainUrls = Array.from({ length: 1000 }, (_, n) => `/e?bandId=AbCdEfGhIjKl${n.toString().padStart(4, '0')}`);
const mirrorUrls = mirrorQueries.map((q) => `/e?${q}`);
bench('trustEvidence, plain band URL (hot path, every tap)', 2_000_000, (i) => trustEvidence(plainUrls[i % 1000]!));
bench('trustEvidence, URL with m= (hot path, every tap)', 500_000, (i) => trustEvidence(mirrorUrls[i % 1000]!));
const guard = createTrustPolicyGuard();
bench('FALLBACK policy guard, NTAG21x mirror', 500_000, (i) =>
  guard.divert('FALLBACK', { bandId: 'x', ...mirrorBand }, mirrorQueries[i % 1000]!),
);
