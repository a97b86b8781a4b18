/**
 * `npm run bench:desk-search`: the desk's band search, offline, at festival size. Fills a local store (a real
 * SQLite file) with BENCH_BANDS bands of one event (default 100,000), each linked to an attendee, through
 * pull pages as the sync engine applies them; then times `store.bands(eventId, { search })` — the page of
 * 100 the Bands screen shows and its total — for an attendee's name, email, ticket code, a tag UID and a
 * search that matches nothing. Reports the median and the worst of BENCH_RUNS runs each, in ms, and the CPU
 * time per search (process.cpuUsage: the steadiest figure on a shared machine). Then reopens the store as
 * one of replica format 2, to time folding every search copy again (`upgradeReplica`); last line: one JSON
 * object.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Change } from '@sparkmotion/shared/sync/protocol';
import { LocalStore } from '../../desktop/src/main/store/local-store.ts';
import { seedEvent } from '../../desktop/src/main/store/testing/seed-replica.ts';

const BANDS = Number(process.env.BENCH_BANDS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PAGE = 5000;

const dir = await mkdtemp(join(tmpdir(), 'sm-bench-desk-search-'));
const file = join(dir, 'store.sqlite');
let store = await LocalStore.open({ file });
const { eventId } = await seedEvent(store);
const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const names = ['Müller', 'Smith', 'García', 'Nguyen', 'Okafor', 'Kowalski', 'Tanaka', 'Dubois'];

let version = 2;
const cursor = () => `${version}.00000000`;
const filling = performance.now();
for (let start = 0; start < BANDS; start += PAGE) {
  const changes: Change[] = [];
  for (let i = start; i < Math.min(start + PAGE, BANDS); i++) {
    version += 1;
    const row = {
      id: randomUUID(),
      bandId: `B${hex(i, 6)}AAAAAAAAAAAAAAA`,
      uid: `04${hex(i, 12)}`,
      eventId,
      status: 'ACTIVE',
      stationId: `desk-${i % 4}`,
      registeredAt: new Date(Date.UTC(2026, 6, 1) + i * 1000).toISOString(),
      trust: 'NONE',
      attendee: {
        name: `${names[i % names.length]} ${i}`,
        email: `guest${i}@example.com`,
        ticketCode: `TK-${hex(i, 6)}`,
      },
    };
    changes.push({ entity: 'band', id: row.bandId, version: String(version), row });
  }
  await store.applyPull({ reset: false, changes, tombstones: [], cursor: cursor(), hasMore: false, lastMutationId: 0 });
}
const fillMs = performance.now() - filling;

const searches: Record<string, string> = {
  name: `müller ${BANDS - 8}`,
  email: `guest${Math.floor(BANDS / 2)}@`,
  ticket: `tk-${hex(777, 6).toLowerCase()}`,
  uid: hex(BANDS - 1, 12),
  partialName: 'okaf',
  none: 'nobody like this',
};
const results: Record<string, { medianMs: number; maxMs: number; cpuMs: number; total: number }> = {};
for (const [kind, search] of Object.entries(searches)) {
  const times: number[] = [];
  let total = 0;
  const cpu = process.cpuUsage();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    total = (await store.bands(eventId, { search, limit: 100 })).total;
    times.push(performance.now() - started);
  }
  const { user, system } = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  results[kind] = {
    cpuMs: Math.round((user + system) / RUNS / 100) / 10,
    medianMs: Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10,
    maxMs: Math.round(times.at(-1)! * 10) / 10,
    total,
  };
  console.log(
    `${kind.padEnd(12)} "${search}": ${results[kind].medianMs} ms median, ${results[kind].maxMs} ms worst, ${results[kind].cpuMs} ms CPU, ${total} match`,
  );
}
await store.close();
const older = new DatabaseSync(file);
older.prepare("update sync_meta set value = '2' where key = 'replicaFormat'").run();
older.close();
const reopening = performance.now();
store = await LocalStore.open({ file });
const refoldMs = Math.round(performance.now() - reopening);
console.log(`reopen of a format-2 replica (every search copy folded again): ${refoldMs} ms`);
await store.close();
await rm(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({ bands: BANDS, fillSeconds: Math.round(fillMs / 100) / 10, runs: RUNS, results, refoldMs }),
);
