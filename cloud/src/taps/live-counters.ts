/**
 * Live aggregates in Redis for the dashboards, updated by the flusher with exactly the rows that
 * landed in TapLog (the `returning` of its insert), so they stay in step with PostgreSQL and a
 * re-sent batch is not counted twice.
 *
 * Keys (after the instance's key prefix; `{…}` is literal, a Redis Cluster hash tag):
 *   `live:{<eventId>}:<minute>`  hash: mode (PRE/LIVE/POST/FALLBACK) or outcome → taps in that minute
 *                                (epoch minute, UTC); `bot` and `limited` count flagged taps apart
 *   `uniq:{<eventId>}`           HyperLogLog of bandIds that tapped (people, not bots)
 * Minute hashes expire after a day: history lives in TapLog.
 *
 * The hash tag puts an event's keys in one cluster slot, so each event's writes, and a dashboard's
 * read, are one pipeline to one node (a cluster refuses a pipeline that spans slots).
 */
import type { RedisClient } from '../redis/redis-client.ts';

export interface LandedTap {
  readonly eventId: string;
  readonly bandId: string;
  readonly at: number;
  readonly bucket: string;
  readonly isBot: boolean;
  readonly limited: boolean;
}

const MINUTE_TTL_S = 24 * 3600;
/** An event's unique-band count outlives its last tap by this long; TapLog has it for good. */
const UNIQUE_TTL_S = 30 * 24 * 3600;

export interface LiveMinutes {
  minutes: Array<{ minute: Date; counts: Record<string, number> }>;
  uniqueBands: number;
}

/** What the analytics API reads. */
export interface LiveTapsReader {
  lastMinutes(eventId: string, nowMs: number, minutes: number): Promise<LiveMinutes>;
}

export class LiveCounters implements LiveTapsReader {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  constructor(redis: RedisClient, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  async record(taps: readonly LandedTap[]): Promise<void> {
    this.assertConnected();
    const events = new Map<string, EventTaps>();
    // A batch's taps mostly share an event and a minute: look their entries up only when that changes.
    let eventId: string | undefined;
    let minute = Number.NaN;
    let fields = new Map<string, number>();
    let people: string[] = [];
    for (const tap of taps) {
      const tapMinute = Math.floor(tap.at / 60_000);
      if (tap.eventId !== eventId || tapMinute !== minute) {
        eventId = tap.eventId;
        minute = tapMinute;
        const event = entry(events, eventId, () => ({ minutes: new Map(), bands: [] }));
        fields = entry(event.minutes, minute, () => new Map());
        people = event.bands;
      }
      const field = tap.isBot ? 'bot' : tap.limited ? 'limited' : tap.bucket;
      fields.set(field, (fields.get(field) ?? 0) + 1);
      if (!tap.isBot && !tap.limited) people.push(tap.bandId);
    }
    await Promise.all([...events].map(([id, { minutes, bands }]) => this.recordEvent(id, minutes, bands)));
  }

  private async recordEvent(eventId: string, minutes: EventTaps['minutes'], bands: string[]): Promise<void> {
    const keys = this.keys(eventId);
    const pipeline = this.redis.pipeline();
    for (const [minute, perField] of minutes) {
      const key = keys.minute(minute);
      for (const [field, n] of perField) pipeline.hincrby(key, field, n);
      pipeline.expire(key, MINUTE_TTL_S);
    }
    if (bands.length > 0) pipeline.pfadd(keys.unique, ...bands).expire(keys.unique, UNIQUE_TTL_S);
    await pipeline.exec();
  }

  /** Per minute for the last `minutes` minutes up to `nowMs` (oldest first), and unique bands. */
  async lastMinutes(eventId: string, nowMs: number, minutes: number): Promise<LiveMinutes> {
    this.assertConnected();
    const keys = this.keys(eventId);
    const current = Math.floor(nowMs / 60_000);
    const pipeline = this.redis.pipeline();
    for (let m = current - minutes + 1; m <= current; m++) pipeline.hgetall(keys.minute(m));
    pipeline.pfcount(keys.unique);
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

  /** A cluster's pipeline waits for the cluster to come up, whatever the offline queue says: fail now. */
  private assertConnected(): void {
    if (this.redis.status !== 'ready') throw new Error(`Redis is not connected (${this.redis.status})`);
  }

  private keys(eventId: string) {
    const tag = `{${eventId}}`;
    return {
      minute: (minute: number) => `${this.prefix}live:${tag}:${minute}`,
      unique: `${this.prefix}uniq:${tag}`,
    };
  }
}

/** One event's share of a landed batch: field counts per epoch minute, and the people's bandIds. */
interface EventTaps {
  minutes: Map<number, Map<string, number>>;
  bands: string[];
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
