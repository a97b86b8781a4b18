/**
 * Resolves a bandId to where its tap goes: in-process cache (bounded, short TTL) → Redis → PostgreSQL.
 *
 * - The hot path is synchronous: `lookupSync` answers from memory without a promise. Only a miss
 *   goes async.
 * - A window boundary needs no invalidation: the cached event keeps its windows, `resolveMode` is a
 *   pure function of them and the clock, and its answer is memoised until its own `validUntil` (the
 *   next boundary), so the switch happens on the exact millisecond.
 * - Changes made through the API reach every instance through PostgreSQL NOTIFY (see
 *   `invalidation.ts`), which drops the entries; the TTL only bounds what a missed message costs.
 * - What goes into `Location` is worked out with the answer it belongs to, not per tap: a window's URL
 *   in its header-safe (ASCII) form when its resolution is memoised, the fallback URL's when the event
 *   is cached (`sendableUrl`: a URL parse when the stored URL is not ASCII).
 * - Degrade, never fail: an expired entry is still served while it is refreshed in the background,
 *   so when Redis or PostgreSQL is down every band already known keeps redirecting. A band never seen
 *   while both are down cannot be resolved (`UNAVAILABLE`).
 */
import { type ModeResolution, resolveMode } from '@sparkmotion/shared/modes/resolve-mode';
import { sendableUrl } from '@sparkmotion/shared/urls/ascii-href';
import type { Logger } from 'pino';
import { type BandTapCount, newBandTapCount } from './rate-limiter.ts';
import type { CachedBand, CachedEvent, PostgresRedirectStore, RedisRedirectCache } from './redirect-store.ts';

export interface ResolverOptions {
  /** How long an entry is fresh; past it, it is served once more and refreshed in the background. */
  readonly ttlMs: number;
  /** How long "no such band" is remembered (a flood of bad ids must not reach PostgreSQL each time). */
  readonly negativeTtlMs: number;
  /** Most entries kept per map (bands, events); the oldest inserted goes first. */
  readonly maxEntries: number;
  /** Longest wait for Redis before treating it as a miss. */
  readonly redisTimeoutMs: number;
}

export type Lookup =
  | {
      readonly kind: 'band';
      readonly band: CachedBand;
      readonly event: CachedEvent;
      readonly resolution: ModeResolution;
      /** `resolution.url` as it goes into `Location`; null when no browser would take it. */
      readonly location: string | null;
      /** The event's fallback URL likewise. */
      readonly fallbackLocation: string | null;
      /** The band's taps this second, for the rate limiter (kept with the cached band). */
      readonly taps: BandTapCount;
    }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'unavailable' };

interface Entry<T> {
  value: T;
  fetchedAt: number;
  generation: number;
}

interface EventEntry extends Entry<CachedEvent | null> {
  resolution?: ModeResolution;
  /** `sendableUrl` of the resolution's URL, and of the fallback URL: once, not per tap. */
  location: string | null;
  fallbackLocation: string | null;
  resolvedAt?: number;
  resolvedUntil?: number;
  /** Replaced, forgotten or evicted: band entries that link here must look the event up again. */
  superseded?: boolean;
}

/** A cached band; it carries the band's tap count itself (one object less to reach per tap). */
interface BandEntry extends Entry<CachedBand | null>, BandTapCount {
  /** The band's event entry as last looked up: saves a map lookup per tap while it is current. */
  event?: EventEntry;
}

export interface ResolverStats {
  hits: number;
  misses: number;
  staleServed: number;
  redisHits: number;
  databaseReads: number;
  unavailable: number;
}

const UNKNOWN: Lookup = { kind: 'unknown' };
const UNAVAILABLE: Lookup = { kind: 'unavailable' };

export class RedirectResolver {
  readonly stats: ResolverStats = {
    hits: 0,
    misses: 0,
    staleServed: 0,
    redisHits: 0,
    databaseReads: 0,
    unavailable: 0,
  };
  private readonly bands = new Map<string, BandEntry>();
  private readonly events = new Map<string, EventEntry>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private generation = 0;
  /** Bumped by every forget: a load that started before one must not store its answer as fresh. */
  private forgets = 0;
  private readonly store: PostgresRedirectStore;
  private readonly redis: RedisRedirectCache | undefined;
  private readonly options: ResolverOptions;
  private readonly log: Logger;

  constructor(
    store: PostgresRedirectStore,
    redis: RedisRedirectCache | undefined,
    options: ResolverOptions,
    log: Logger,
  ) {
    this.store = store;
    this.redis = redis;
    this.options = options;
    this.log = log;
  }

  /** From memory only; undefined when the answer needs I/O (`lookup`). */
  lookupSync(bandId: string, now: number): Lookup | undefined {
    const bandEntry = this.bands.get(bandId);
    if (!bandEntry) return undefined;
    const band = bandEntry.value;
    if (band === null) {
      if (this.isFresh(bandEntry, now, this.options.negativeTtlMs)) {
        this.stats.hits++;
        return UNKNOWN;
      }
      return undefined;
    }
    let eventEntry = bandEntry.event;
    if (eventEntry === undefined || eventEntry.superseded) {
      eventEntry = this.events.get(band.eventId);
      if (!eventEntry) return undefined;
      bandEntry.event = eventEntry;
    }
    const event = eventEntry.value;
    if (event === null) return undefined;
    if (!this.isFresh(bandEntry, now, this.options.ttlMs)) this.refreshInBackground('band', bandId, now);
    if (!this.isFresh(eventEntry, now, this.options.ttlMs)) this.refreshInBackground('event', band.eventId, now);
    this.stats.hits++;
    return this.bandLookup(band, eventEntry, event, bandEntry, now);
  }

  async lookup(bandId: string, now: number): Promise<Lookup> {
    const cached = this.lookupSync(bandId, now);
    if (cached) return cached;
    this.stats.misses++;
    const known = this.bands.get(bandId);
    let band: CachedBand | null;
    try {
      band =
        known?.value && this.isFresh(known, now, this.options.ttlMs) ? known.value : await this.loadBand(bandId, now);
    } catch (error) {
      return this.degraded(this.bands.get(bandId), bandId, now, error);
    }
    if (band === null) return UNKNOWN;
    let eventEntry: EventEntry | undefined;
    try {
      eventEntry = await this.loadEvent(band.eventId, now);
    } catch (error) {
      eventEntry = this.events.get(band.eventId);
      if (!eventEntry?.value) return this.degraded(undefined, bandId, now, error);
    }
    if (!eventEntry.value) return UNKNOWN;
    return this.bandLookup(band, eventEntry, eventEntry.value, this.bands.get(bandId) ?? newBandTapCount(), now);
  }

  /** Drops what is known of a band (any instance's change to it). */
  forgetBand(bandId: string): void {
    this.forgets++;
    this.bands.delete(bandId);
    this.redis?.forget('band', bandId).catch(() => {});
  }

  /** Drops what is known of an event and its windows. */
  forgetEvent(id: string): void {
    this.forgets++;
    this.dropEvent(id);
    this.redis?.forget('event', id).catch(() => {});
  }

  /** Marks everything stale (still served, refreshed on next use): after missed invalidations. */
  staleAll(): void {
    this.generation++;
  }

  /** Loads bands (and their events) into memory, e.g. at start for the busiest event. */
  async warm(bandIds: readonly string[], now: number): Promise<void> {
    for (const bandId of bandIds) await this.lookup(bandId, now);
  }

  get size(): { bands: number; events: number } {
    return { bands: this.bands.size, events: this.events.size };
  }

  private bandLookup(band: CachedBand, entry: EventEntry, event: CachedEvent, taps: BandTapCount, now: number): Lookup {
    const resolution = this.resolve(entry, event, now);
    return {
      kind: 'band',
      band,
      event,
      resolution,
      location: entry.location,
      fallbackLocation: entry.fallbackLocation,
      taps,
    };
  }

  private resolve(entry: EventEntry, event: CachedEvent, now: number): ModeResolution {
    if (
      entry.resolution === undefined ||
      now >= (entry.resolvedUntil ?? Number.POSITIVE_INFINITY) ||
      now < (entry.resolvedAt ?? 0)
    ) {
      entry.resolution = resolveMode(event, event.windows, now);
      entry.location = sendableUrl(entry.resolution.url);
      entry.resolvedAt = now;
      entry.resolvedUntil = entry.resolution.validUntil?.getTime() ?? Number.POSITIVE_INFINITY;
    }
    return entry.resolution;
  }

  private isFresh(entry: Entry<unknown>, now: number, ttl: number): boolean {
    return entry.generation === this.generation && now - entry.fetchedAt < ttl && now >= entry.fetchedAt;
  }

  private degraded(entry: BandEntry | undefined, bandId: string, now: number, error: unknown): Lookup {
    if (entry?.value) {
      const event = this.events.get(entry.value.eventId);
      if (event?.value) {
        this.stats.staleServed++;
        return this.bandLookup(entry.value, event, event.value, entry, now);
      }
    }
    this.stats.unavailable++;
    this.log.warn({ err: error, bandId }, 'band not resolvable: database unavailable and not cached');
    return UNAVAILABLE;
  }

  private refreshInBackground(kind: 'band' | 'event', key: string, now: number): void {
    const task = kind === 'band' ? this.loadBand(key, now, true) : this.loadEvent(key, now, true);
    task.catch(() => {
      // Keep serving what we have; the next use retries.
    });
  }

  /** Redis then PostgreSQL; one load per key at a time. Throws when PostgreSQL cannot answer. */
  private loadBand(bandId: string, now: number, skipRedis = false): Promise<CachedBand | null> {
    return this.once(`band:${bandId}`, async () => {
      const forgets = this.forgets;
      let band: CachedBand | null | undefined = skipRedis
        ? undefined
        : await this.fromRedis(() => this.redis?.band(bandId));
      if (band) this.stats.redisHits++;
      else {
        this.stats.databaseReads++;
        band = await this.store.band(bandId);
        if (band) this.toRedis(() => this.redis?.putBand(band as CachedBand));
      }
      // The count survives the entry being refreshed.
      const { second, count } = this.bands.get(bandId) ?? newBandTapCount();
      this.put(this.bands, bandId, {
        value: band,
        fetchedAt: this.stamp(forgets, now),
        generation: this.generation,
        second,
        count,
        event: undefined,
      });
      return band;
    });
  }

  private loadEvent(id: string, now: number, skipRedis = false): Promise<EventEntry> {
    return this.once(`event:${id}`, async () => {
      const forgets = this.forgets;
      let event: CachedEvent | null | undefined = skipRedis
        ? undefined
        : await this.fromRedis(() => this.redis?.event(id));
      if (event) this.stats.redisHits++;
      else {
        this.stats.databaseReads++;
        event = await this.store.event(id);
        if (event) this.toRedis(() => this.redis?.putEvent(event as CachedEvent));
      }
      // Every field set from the start: entries keep one shape, so the hot path's property reads stay monomorphic.
      const entry: EventEntry = {
        value: event,
        fetchedAt: this.stamp(forgets, now),
        generation: this.generation,
        resolution: undefined,
        location: null,
        fallbackLocation: event ? sendableUrl(event.fallbackUrl) : null,
        resolvedAt: undefined,
        resolvedUntil: undefined,
        superseded: false,
      };
      this.dropEvent(id);
      const evicted = this.put(this.events, id, entry);
      if (evicted) evicted.superseded = true;
      return entry;
    });
  }

  /** A load raced with a forget: keep its answer (better than nothing) but stale, so it is re-read. */
  private stamp(forgetsAtStart: number, now: number): number {
    return this.forgets === forgetsAtStart ? now : Number.NEGATIVE_INFINITY;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const promise = load().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private async fromRedis<T>(read: () => Promise<T> | undefined): Promise<T | undefined> {
    if (!this.redis) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        read(),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), this.options.redisTimeoutMs);
        }),
      ]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private toRedis(write: () => Promise<void> | undefined): void {
    write()?.catch(() => {});
  }

  /** Removes an event entry and tells the band entries linked to it. */
  private dropEvent(id: string): void {
    const entry = this.events.get(id);
    if (!entry) return;
    entry.superseded = true;
    this.events.delete(id);
  }

  /** Inserts as the newest; past `maxEntries` the oldest goes, and is returned. */
  private put<T>(map: Map<string, T>, key: string, value: T): T | undefined {
    map.delete(key);
    map.set(key, value);
    if (map.size <= this.options.maxEntries) return undefined;
    const oldest = map.entries().next().value;
    if (oldest === undefined) return undefined;
    map.delete(oldest[0]);
    return oldest[1];
  }
}
