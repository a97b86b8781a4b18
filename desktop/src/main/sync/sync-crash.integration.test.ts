/**
 * A desktop process killed with SIGKILL in the middle of a push or a pull, then restarted on the same
 * SQLite file, against a real cloud.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LocalStore } from '../store/local-store.ts';
import { closers, cloudState, db, dir, localState, registration, syncCloudPerFile, t } from './testing/sync-fixture.ts';

syncCloudPerFile();

describe('a desktop killed mid-sync', { timeout: 90_000 }, () => {
  const child = (file: string, args: { queue: number; batch: number; pullLimit: number }, killAfter?: RegExp) =>
    new Promise<{ killed: boolean; output: string }>((resolve, reject) => {
      const proc = fork(
        join(import.meta.dirname, 'testing/sync-child.ts'),
        [
          file,
          t.url,
          t.token,
          String(args.queue),
          t.demo.eventId,
          String(args.batch),
          String(args.pullLimit),
          t.demo.orgId,
        ],
        { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
      );
      let output = '';
      let seen = 0;
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (killAfter && (output.match(new RegExp(killAfter, 'g'))?.length ?? 0) > seen) {
          seen += 1;
          if (seen >= 2) proc.kill('SIGKILL');
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      proc.on('error', reject);
      proc.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', output }));
    });

  test('killed mid-push then restarted: nothing lost, nothing doubled', async () => {
    const file = join(dir, 'killed-push.sqlite');
    const before = Number((await db.query('select count(*) from bands')).rows[0].count);
    const run = await child(file, { queue: 1000, batch: 100, pullLimit: 5000 }, /pushed \d+/);
    expect(run.killed).toBe(true);
    const partial = Number((await db.query('select count(*) from bands')).rows[0].count) - before;
    expect(partial).toBeLessThan(1000);
    const rerun = await child(file, { queue: 0, batch: 500, pullLimit: 5000 });
    expect(rerun.output).toMatch(/done .*"pending":0/);
    const store = await LocalStore.open({ file });
    closers.push(() => store.close());
    const queued = (await store.bands(t.demo.eventId, { limit: 100_000 })).bands.filter((b) =>
      b.stationId?.startsWith('child-'),
    );
    expect(queued).toHaveLength(1000);
    const inCloud = await db.query(
      "select band_id, count(*)::int as n from bands where station_id like 'child-%' group by band_id",
    );
    expect(inCloud.rowCount).toBe(1000);
    expect(inCloud.rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(inCloud.rows.map((r) => r.band_id))).toEqual(new Set(queued.map((b) => b.bandId)));
  });

  test('killed mid-pull then restarted: the replica ends equal to the cloud', async () => {
    // Enough rows for many pull pages, whatever ran before.
    await t.client.sync.push.mutate({
      clientId: randomUUID(),
      mutations: Array.from({ length: 1000 }, (_, i) => ({
        mutationId: i + 1,
        name: 'band.register',
        args: registration(),
      })),
    });
    const file = join(dir, 'killed-pull.sqlite');
    const run = await child(file, { queue: 0, batch: 100, pullLimit: 100 }, /pulled \d+/);
    expect(run.killed).toBe(true);
    const rerun = await child(file, { queue: 0, batch: 100, pullLimit: 1000 });
    expect(rerun.output).toMatch(/done .*"status":"idle"/);
    const store = await LocalStore.open({ file });
    closers.push(() => store.close());
    expect(await localState(store)).toEqual(await cloudState());
  });
});
