/**
 * Live aggregates in Redis for the dashboards, updated by the flusher with exactly the rows that
 * landed in TapLog (the `returning` of its insert), so they stay in step with PostgreSQL and a
 * re-sent batch is not counted twice.
 *
 * Keys (after the instance's key prefix):
 *   `live:{eventId}:{minute}`  hash: mode (PRE/LIVE/POST/FALLBACK) or outcome → taps in that minute
 *                              (epoch minute, UTC); `bot` and `limited` count flagged taps apart
 *   `uniq:{eventId}`           HyperLogLog of bandIds that tapped (people, not bots)
 * Minute hashes expire after a day: history lives in TapLog.
 */
import type { Redis } from 'ioredis';

export interface LandedTap {
  readonly eventId: string;
  readonly bandId: string;
  readonly at: number;
  readonly bucket: string;
  readonly isBot: boolean;
  readonly limited: boolean;
}

const MINUTE_TTL_S = 24 * 3600;

export interface LiveMinutes {
  minutes: Array<{ minute: Date; counts: Record<string, number> }>;
  uniqueBands: number;
}

/** What the analytics API reads. */
export interface LiveTapsReader {
  lastMinutes(eventId: string, nowMs: number, minutes: number): Promise<LiveMinutes>;
}

export class LiveCounters implements LiveTapsReader {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  async record(taps: readonly LandedTap[]): Promise<void> {
    if (taps.length === 0) return;
    const counts = new Map<string, Map<string, number>>();
    const bands = new Map<string, string[]>();
    // A batch's taps mostly share an event and a minute: look their entries up only when that changes,
    // not per tap (not build and hash two key names per tap).
    let event: string | undefined;
    let minute = Number.NaN;
    let fields = new Map<string, number>();
    let list: string[] = [];
    for (const tap of taps) {
      const tapMinute = Math.floor(tap.at / 60_000);
      if (tap.eventId !== event || tapMinute !== minute) {
        if (tap.eventId !== event) list = entry(bands, `${this.prefix}uniq:${tap.eventId}`, () => []);
        fields = entry(counts, `${this.prefix}live:${tap.eventId}:${tapMinute}`, () => new Map());
        event = tap.eventId;
        minute = tapMinute;
      }
      const field = tap.isBot ? 'bot' : tap.limited ? 'limited' : tap.bucket;
      fields.set(field, (fields.get(field) ?? 0) + 1);
      if (!tap.isBot && !tap.limited) list.push(tap.bandId);
    }
    // A pipeline, not MULTI: keys of several events and minutes may live in different Redis Cluster slots.
    const pipeline = this.redis.pipeline();
    for (const [key, perField] of counts) {
      for (const [field, n] of perField) pipeline.hincrby(key, field, n);
      pipeline.expire(key, MINUTE_TTL_S);
    }
    for (const [key, ids] of bands) if (ids.length > 0) pipeline.pfadd(key, ...ids);
    await pipeline.exec();
  }

  /** Per minute for the last `minutes` minutes up to `nowMs` (oldest first), and unique bands. */
  async lastMinutes(eventId: string, nowMs: number, minutes: number): Promise<LiveMinutes> {
    const current = Math.floor(nowMs / 60_000);
    const pipeline = this.redis.pipeline();
    for (let m = current - minutes + 1; m <= current; m++) pipeline.hgetall(`${this.prefix}live:${eventId}:${m}`);
    pipeline.pfcount(`${this.prefix}uniq:${eventId}`);
    const results = (await pipeline.exec()) ?? [];
    const out: Array<{ minute: Date; counts: Record<string, number> }> = [];
    for (let i = 0; i < minutes; i++) {
      const [error, value] = results[i] ?? [];
      if (error) throw error;
      const counts: Record<string, number> = {};
      for (const [field, n] of Object.entries((value ?? {}) as Record<string, string>)) counts[field] = Number(n);
      out.push({ minute: new Date((current - minutes + 1 + i) * 60_000), counts });
    }
    const [hllError, unique] = results[minutes] ?? [];
    if (hllError) throw hllError;
    return { minutes: out, uniqueBands: Number(unique ?? 0) };
  }
}

function entry<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
