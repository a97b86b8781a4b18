import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Tap, tapId } from './tap.ts';
import { segmentName, TapLogWriter } from './tap-log.ts';
import { listSegments, readTaps } from './tap-segments.ts';
import { TapShipper } from './tap-shipper.ts';

const log = pino({ level: 'silent' });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sm-taplog-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const tap = (n: number, at = 1_700_000_000_000 + n): Tap => ({
  id: tapId(at),
  at,
  bandId: `band${n}`,
  outcome: 'SERVED',
  eventId: '3f1e1b8a-6a3b-4c59-9f7e-1d2c3b4a5f60',
  orgId: '4f1e1b8a-6a3b-4c59-9f7e-1d2c3b4a5f60',
  mode: 'LIVE',
  windowId: '5f1e1b8a-6a3b-4c59-9f7e-1d2c3b4a5f60',
  url: 'https://example.com/live',
  ip: '203.0.113.7',
  ua: 'Mozilla/5.0',
  limited: false,
});

function collectingSink() {
  const landed = new Map<string, number>();
  return {
    landed,
    sink: async (taps: readonly Tap[]) => {
      for (const t of taps) landed.set(t.id, (landed.get(t.id) ?? 0) + 1);
    },
  };
}

const options = { intervalMs: 10, batchBytes: 4096, maxBackoffMs: 50 };

describe('the local tap log', () => {
  test('ships every appended tap once, across segment rotations, and deletes shipped segments', async () => {
    const writer = new TapLogWriter({ dir, segmentBytes: 2000 }, 'owner-a');
    writer.open();
    const taps = Array.from({ length: 100 }, (_, i) => tap(i));
    for (const t of taps) writer.append(t);
    expect(listSegments(dir).length).toBeGreaterThan(3);
    const { landed, sink } = collectingSink();
    const shipper = new TapShipper(writer, sink, options, log);
    expect(await shipper.drain()).toBe(100);
    expect([...landed.keys()].sort()).toEqual(taps.map((t) => t.id).sort());
    expect([...landed.values()].every((count) => count === 1)).toBe(true);
    // Only the segment still being written is left.
    expect(listSegments(dir).map((s) => s.name)).toEqual([writer.currentSegment]);
    expect(shipper.pendingBytes()).toBe(0);
    writer.append(tap(101));
    expect(shipper.pendingBytes()).toBeGreaterThan(0);
    expect(await shipper.drain()).toBe(1);
    writer.close();
  });

  test('keeps taps on disk while the sink fails and lands them once it recovers', async () => {
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-b');
    writer.open();
    for (let i = 0; i < 10; i++) writer.append(tap(i));
    let down = true;
    const { landed, sink } = collectingSink();
    const shipper = new TapShipper(
      writer,
      async (taps) => {
        if (down) throw new Error('database down');
        await sink(taps);
      },
      options,
      log,
      () => 1_700_000_000_000 + 5000,
    );
    await expect(shipper.drain()).rejects.toThrow('database down');
    expect(shipper.stats.lagMs).toBe(5000);
    expect(shipper.pendingBytes()).toBeGreaterThan(0);
    down = false;
    expect(await shipper.drain()).toBe(10);
    expect(landed.size).toBe(10);
    writer.close();
  });

  test('tells the write time of the oldest tap not landed yet, over every owner it ships, and none once drained', async () => {
    const a = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-a');
    const b = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-b');
    a.open();
    b.open();
    a.append(tap(1, 1_000));
    a.append(tap(2, 3_000));
    b.append(tap(3, 2_000));
    // The sidecar: ships every owner's spool.
    const shipper = new TapShipper(
      { dir, owner: null, currentSegment: null },
      collectingSink().sink,
      {
        ...options,
        allOwners: true,
      },
      log,
    );
    expect(shipper.oldestPendingAt()).toBe(1_000);
    expect(await shipper.drain()).toBe(3);
    expect(shipper.oldestPendingAt()).toBeUndefined();
    b.append(tap(4, 4_000));
    expect(shipper.oldestPendingAt()).toBe(4_000);
    a.close();
    b.close();
  });

  test('adopts the segments of a dead process, skips its torn last line and a corrupt line', async () => {
    // A process that died: its owner file names a pid that does not exist.
    writeFileSync(join(dir, 'dead.owner'), JSON.stringify({ pid: 2 ** 22 + 17, host: 'x' }));
    const deadSegment = join(dir, segmentName('dead', 0));
    appendFileSync(deadSegment, `${JSON.stringify(tap(1))}\nnot json at all\n${JSON.stringify(tap(2))}\n{"id":"torn`);
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'alive');
    writer.open();
    const { landed, sink } = collectingSink();
    const shipper = new TapShipper(writer, sink, options, log);
    expect(await shipper.drain()).toBe(2);
    expect(landed.size).toBe(2);
    expect(shipper.stats.corruptLines).toBe(1);
    expect(readdirSync(dir).filter((name) => name.startsWith('dead.0'))).toEqual([]);
    writer.close();
  });

  test('sets aside a line TapLog would refuse instead of letting it hold back the taps behind it', async () => {
    writeFileSync(join(dir, 'dead.owner'), JSON.stringify({ pid: 2 ** 22 + 17, host: 'x' }));
    const refused = [
      { ...tap(2), id: 'not-a-uuid' },
      { ...tap(3), eventId: 'e1' },
      { ...tap(4), outcome: 'EXPLODED' },
      { ...tap(5), at: null },
      { ...tap(6), limited: 'yes' },
    ];
    const [first, last] = [tap(1), tap(7)];
    const lines = [first, ...refused, last].map((t) => JSON.stringify(t));
    appendFileSync(join(dir, segmentName('dead', 0)), `${lines.join('\n')}\n`);
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'alive');
    writer.open();
    const { landed, sink } = collectingSink();
    const shipper = new TapShipper(writer, sink, options, log);
    expect(await shipper.drain()).toBe(2);
    expect([...landed.keys()]).toEqual([first.id, last.id]);
    expect(shipper.stats.corruptLines).toBe(refused.length);
    writer.close();
  });

  test('leaves alone the segments of another live process', async () => {
    writeFileSync(join(dir, 'other.owner'), JSON.stringify({ pid: process.ppid, host: 'x' }));
    appendFileSync(join(dir, segmentName('other', 0)), `${JSON.stringify(tap(1))}\n`);
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'me');
    writer.open();
    const { sink } = collectingSink();
    expect(await new TapShipper(writer, sink, options, log).drain()).toBe(0);
    expect(listSegments(dir).map((s) => s.owner)).toContain('other');
    writer.close();
  });

  test('re-sends a batch whose checkpoint was lost, and an idempotent sink counts it once', async () => {
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-c');
    writer.open();
    for (let i = 0; i < 5; i++) writer.append(tap(i));
    const { landed, sink } = collectingSink();
    const seen = new Set<string>();
    const idempotent = async (taps: readonly Tap[]) => sink(taps.filter((t) => !seen.has(t.id) && seen.add(t.id)));
    await new TapShipper(writer, idempotent, options, log).drain();
    // The process died after the commit but before the checkpoint was written.
    rmSync(`${join(dir, writer.currentSegment)}.ckpt`);
    await new TapShipper(writer, idempotent, options, log).drain();
    expect(landed.size).toBe(5);
    expect([...landed.values()].every((count) => count === 1)).toBe(true);
    writer.close();
  });

  test('reads a line longer than one batch in full', () => {
    const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-d');
    writer.open();
    writer.append({ ...tap(1), ua: 'x'.repeat(10_000) });
    const [segment] = listSegments(dir);
    const result = readTaps(segment!, 0, 256);
    expect(result.taps).toHaveLength(1);
    expect(result.taps[0]!.ua).toHaveLength(10_000);
    writer.close();
  });
});

test('reading at the end of a segment finds nothing and does not move', () => {
  const writer = new TapLogWriter({ dir, segmentBytes: 1 << 20 }, 'owner-e');
  writer.open();
  writer.append(tap(1));
  const [segment] = listSegments(dir);
  const first = readTaps(segment!, 0, 1 << 20);
  expect(first.taps).toHaveLength(1);
  // A fresh, uninitialised buffer may hold newline bytes past what was read: they must not count.
  for (let i = 0; i < 20; i++) {
    const again = readTaps(segment!, first.nextOffset, 1 << 20);
    expect(again).toEqual({ taps: [], nextOffset: first.nextOffset, corrupt: 0, trailing: 0 });
  }
  writer.close();
});

test('a sidecar shipper ships live processes’ logs too, keeping the segment each is still writing', async () => {
  const writer = new TapLogWriter({ dir, segmentBytes: 1000 }, 'live-redirect');
  writer.open();
  for (let i = 0; i < 20; i++) writer.append(tap(i));
  const { landed, sink } = collectingSink();
  const sidecar = new TapShipper(
    { dir, owner: null, currentSegment: null },
    sink,
    { ...options, allOwners: true },
    log,
  );
  expect(await sidecar.drain()).toBe(20);
  expect(listSegments(dir).map((s) => s.name)).toEqual([writer.currentSegment]);
  writer.append(tap(21));
  expect(await sidecar.drain()).toBe(1);
  expect(landed.size).toBe(21);
  writer.close();
});
