/**
 * Ships the local tap log to its sink (the TapLog flusher) in batches, off the request path.
 *
 * For each segment, oldest first: read complete lines past the checkpoint, hand them to the sink,
 * and only once the sink has committed them move the checkpoint. A crash between the commit and the
 * checkpoint re-sends the batch; the sink is idempotent (tap ids from the edge, `on conflict do
 * nothing`), so nothing is counted twice. A sink failure (PostgreSQL down) leaves the taps on disk
 * and retries with backoff: taps are kept until the database is back.
 *
 * Segments of an owner that is gone (crash, `kill -9`, clean close) are adopted: shipped to the
 * end, torn tail skipped, then deleted. Fully shipped segments of our own older than the current
 * one are deleted too.
 */
import type { Logger } from 'pino';
import type { Tap } from './tap.ts';
import {
  listSegments,
  ownerAlive,
  readCheckpoint,
  readTaps,
  removeSegment,
  type Segment,
  segmentSize,
  writeCheckpoint,
} from './tap-segments.ts';

export type TapSink = (taps: readonly Tap[]) => Promise<void>;

/** Whose log to ship: a process's own (`owner` + the segment it is writing), or every owner's (sidecar). */
export interface ShipSource {
  readonly dir: string;
  readonly owner: string | null;
  readonly currentSegment: string | null;
}

export interface TapShipperOptions {
  /** Pause between passes when the log is drained. */
  readonly intervalMs: number;
  /** Upper bound of one batch read from a segment. */
  readonly batchBytes: number;
  /** Longest backoff after sink failures. */
  readonly maxBackoffMs: number;
  /**
   * Ship the logs of live processes too (the `ship-taps` sidecar, with the redirect processes started
   * with `TAP_SHIPPER=external`): a live owner's newest segment is treated as still growing.
   */
  readonly allOwners?: boolean;
}

export interface ShipperStats {
  shipped: number;
  corruptLines: number;
  failures: number;
  /** Age (ms) of the oldest tap not yet landed, measured at the last pass. */
  lagMs: number;
  lastError: string | undefined;
}

export class TapShipper {
  readonly stats: ShipperStats = {
    shipped: 0,
    corruptLines: 0,
    failures: 0,
    lagMs: 0,
    lastError: undefined,
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private backoffMs = 0;
  private readonly writer: ShipSource;
  private readonly sink: TapSink;
  private readonly options: TapShipperOptions;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(
    writer: ShipSource,
    sink: TapSink,
    options: TapShipperOptions,
    log: Logger,
    now: () => number = Date.now,
  ) {
    this.writer = writer;
    this.sink = sink;
    this.options = options;
    this.log = log;
    this.now = now;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop after the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One pass over every segment until the log is drained or the sink fails. Returns how many taps
   * landed. Exposed so a clean shutdown (and tests) can drain synchronously with the caller.
   */
  async drain(): Promise<number> {
    while (this.running) await this.running;
    const pass = this.pass();
    this.running = pass.then(
      () => {},
      () => {},
    );
    try {
      return await pass;
    } finally {
      this.running = undefined;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.drain().then(
        () => {
          this.backoffMs = 0;
          this.schedule(this.options.intervalMs);
        },
        (error: unknown) => {
          this.stats.failures++;
          this.stats.lastError = error instanceof Error ? error.message : String(error);
          this.backoffMs = Math.min(
            this.options.maxBackoffMs,
            Math.max(this.options.intervalMs * 2, this.backoffMs * 2),
          );
          this.log.warn({ err: error, retryInMs: this.backoffMs }, 'tap shipping failed; taps stay on disk');
          this.schedule(this.backoffMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<number> {
    let landed = 0;
    const dir = this.writer.dir;
    const alive = new Map<string, boolean>();
    const segments = listSegments(dir);
    const newest = new Map<string, number>();
    for (const segment of segments) newest.set(segment.owner, Math.max(newest.get(segment.owner) ?? 0, segment.seq));
    for (const segment of segments) {
      const own = segment.owner === this.writer.owner;
      let isAlive = alive.get(segment.owner);
      if (isAlive === undefined) {
        isAlive = own || ownerAlive(dir, segment.owner);
        alive.set(segment.owner, isAlive);
      }
      // Another live process ships its own log (unless this is the sidecar that ships everyone's).
      if (!own && isAlive && !this.options.allOwners) continue;
      const growing = own
        ? segment.name === this.writer.currentSegment
        : isAlive && segment.seq === newest.get(segment.owner);
      landed += await this.shipSegment(segment, growing);
    }
    this.stats.lagMs = 0;
    return landed;
  }

  /** Bytes written but not landed yet, over the segments this process ships (the buffer depth). */
  pendingBytes(): number {
    let pending = 0;
    for (const segment of listSegments(this.writer.dir)) {
      if (this.answersFor(segment)) pending += Math.max(0, segmentSize(segment) - readCheckpoint(segment));
    }
    return pending;
  }

  /**
   * Write time of the oldest tap not landed yet over the same segments (undefined when drained): the
   * shipping lag, read from the spool itself, so a redirect process whose taps a sidecar ships reports
   * it too.
   */
  oldestPendingAt(): number | undefined {
    let oldest: number | undefined;
    const owners = new Set<string>();
    // Oldest segment first per owner: its first tap past the checkpoint is that owner's oldest.
    for (const segment of listSegments(this.writer.dir)) {
      if (owners.has(segment.owner) || !this.answersFor(segment)) continue;
      const first = readTaps(segment, readCheckpoint(segment), 4096).taps[0];
      if (!first) continue;
      owners.add(segment.owner);
      if (oldest === undefined || first.at < oldest) oldest = first.at;
    }
    return oldest;
  }

  /** Its own segments and dead owners' (the sidecar: every owner's). */
  private answersFor(segment: Segment): boolean {
    return (
      this.options.allOwners === true ||
      segment.owner === this.writer.owner ||
      !ownerAlive(this.writer.dir, segment.owner)
    );
  }

  private async shipSegment(segment: Segment, growing: boolean): Promise<number> {
    let offset = readCheckpoint(segment);
    let landed = 0;
    for (;;) {
      const batch = readTaps(segment, offset, this.options.batchBytes);
      this.stats.corruptLines += batch.corrupt;
      if (batch.nextOffset === offset) break;
      if (batch.taps.length > 0) {
        try {
          await this.sink(batch.taps);
        } catch (error) {
          this.stats.lagMs = Math.max(0, this.now() - batch.taps[0]!.at);
          throw error;
        }
      }
      writeCheckpoint(segment, batch.nextOffset);
      offset = batch.nextOffset;
      landed += batch.taps.length;
      this.stats.shipped += batch.taps.length;
    }
    if (!growing) {
      const size = segmentSize(segment);
      if (size > offset) this.log.warn({ segment: segment.name, bytes: size - offset }, 'skipped a torn tail');
      removeSegment(segment);
    }
    return landed;
  }
}
