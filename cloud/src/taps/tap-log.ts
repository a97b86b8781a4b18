/**
 * The local append-only tap log: the durability point of every tap.
 *
 * Each process appends one JSON line per tap (`tapLine`) to its own segment file in `$DATA_DIR/taps/` with a
 * plain `write(2)` on an fd kept open, BEFORE the 302 is sent. No fsync: once `write` returns, the
 * bytes are in the kernel's page cache, which survives a crash or `kill -9` of the process (it is
 * lost only if the machine itself loses power; that trade is what keeps a tap at a few µs). A
 * network round trip per tap (Redis, PostgreSQL) would cost ~40% of the throughput.
 *
 * Files, all in one directory:
 *   `<owner>.owner`            the owning process: `{"pid":…,"host":…}`; removed on clean close
 *   `<owner>.<seq>.taps`       segments, rotated by size; the highest seq is the one being written
 *   `<owner>.<seq>.taps.ckpt`  how many bytes of that segment the shipper has landed in PostgreSQL
 *
 * An owner whose process is gone (clean close, crash, kill -9) leaves "orphan" segments; any live
 * process's shipper adopts and ships them (see `tap-segments.ts`). `DATA_DIR` must be local to the
 * machine: liveness is checked by pid.
 */
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type Tap, tapLine } from './tap.ts';

export interface TapLogOptions {
  readonly dir: string;
  /** Rotate to a new segment past this size. */
  readonly segmentBytes: number;
}

export const segmentName = (owner: string, seq: number) => `${owner}.${String(seq).padStart(8, '0')}.taps`;

export class TapLogWriter {
  readonly owner: string;
  readonly dir: string;
  private readonly segmentBytes: number;
  private fd = -1;
  private seq = 0;
  private bytes = 0;
  /** Taps appended since start (a metric and a test hook). */
  appended = 0;
  /** False from a write the disk refused until one succeeds: this process cannot keep taps (readiness). */
  writable = true;
  /** Lines waiting for the next write(2), encoded in place (no per-tap strings to join and re-encode). */
  private pending = Buffer.allocUnsafe(256 * 1024);
  private pendingBytes = 0;
  private pendingDone: Array<(error: Error | undefined) => void> = [];
  private flushScheduled = false;

  constructor(
    options: TapLogOptions,
    owner = `${hostname().replace(/[^A-Za-z0-9-]/g, '')}-${process.pid}-${Date.now().toString(36)}`,
  ) {
    this.dir = options.dir;
    this.segmentBytes = options.segmentBytes;
    this.owner = owner;
  }

  open(): void {
    // Taps hold IPs and user agents: only the cloud's own user may read them (also a folder made before).
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    writeFileSync(join(this.dir, `${this.owner}.owner`), JSON.stringify({ pid: process.pid, host: hostname() }), {
      mode: 0o600,
    });
    this.openSegment();
  }

  /** The segment being written now (the shipper must not delete it). */
  get currentSegment(): string {
    return segmentName(this.owner, this.seq);
  }

  /**
   * Appends one tap; returns once the line is in the page cache. Throws if the disk refuses the write
   * (full, read-only): the caller decides (the redirect still answers, and counts the loss).
   */
  append(tap: Tap): void {
    // One write(2) per call: a process crash cannot leave half a line of a write that returned, and a
    // torn tail (power loss) is skipped by the reader.
    if (this.pendingBytes > 0) this.flushQueued();
    this.encode(tap);
    this.writePending(1);
  }

  /**
   * Queues a tap; `done` runs once it is in the page cache (with the error if the write failed). The
   * taps of one event-loop turn go out in ONE write(2) (`setImmediate`: right after the poll phase
   * that parsed their requests), which halves the per-tap cost under load and adds microseconds when
   * idle. The caller answers in `done`: the 302 still leaves only after its tap is written.
   */
  record(tap: Tap, done: (error: Error | undefined) => void): void {
    this.encode(tap);
    this.pendingDone.push(done);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushQueued);
    }
  }

  private readonly flushQueued = (): void => {
    this.flushScheduled = false;
    // Already written by `append` or `close`.
    if (this.pendingBytes === 0) return;
    const callbacks = this.pendingDone;
    this.pendingDone = [];
    let failure: Error | undefined;
    try {
      this.writePending(callbacks.length);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    for (const done of callbacks) {
      try {
        done(failure);
      } catch {
        // One caller's failure must not keep the others' answers from leaving.
      }
    }
  };

  /** Appends the tap's line to the pending bytes. */
  private encode(tap: Tap): void {
    const line = tapLine(tap);
    // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the newline.
    const room = line.length * 3 + 1;
    if (this.pendingBytes + room > this.pending.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.pending.length * 2, this.pendingBytes + room));
      this.pending.copy(bigger, 0, 0, this.pendingBytes);
      this.pending = bigger;
    }
    this.pendingBytes += this.pending.write(line, this.pendingBytes);
    this.pending[this.pendingBytes++] = 0x0a;
  }

  /** Writes the pending bytes (`count` taps) in one write(2). */
  private writePending(count: number): void {
    const length = this.pendingBytes;
    this.pendingBytes = 0;
    this.writable = false;
    const written = writeSync(this.fd, this.pending, 0, length);
    this.bytes += written;
    if (written !== length) {
      // A short write (disk full): end the torn line so the next tap starts on a line of its own.
      this.bytes += writeSync(this.fd, '\n');
      throw new Error(`tap log: short write (${written} of ${length} bytes)`);
    }
    this.writable = true;
    this.appended += count;
    if (this.bytes >= this.segmentBytes) this.rotate();
  }

  rotate(): void {
    closeSync(this.fd);
    this.seq++;
    this.openSegment();
  }

  /** Closes the fd and gives up ownership: what is left becomes an orphan any shipper adopts. */
  close(): void {
    if (this.fd < 0) return;
    if (this.pendingBytes > 0) this.flushQueued();
    closeSync(this.fd);
    this.fd = -1;
    this.writable = false;
    rmSync(join(this.dir, `${this.owner}.owner`), { force: true });
  }

  private openSegment(): void {
    this.fd = openSync(join(this.dir, this.currentSegment), 'a', 0o600);
    this.bytes = 0;
  }
}
