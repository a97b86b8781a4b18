/**
 * Where the resolver's data comes from: PostgreSQL (the truth) and Redis (`band:{bandId}`,
 * `event:{id}`, shared by every instance). Plain parameterised SQL on a small pool of the redirect's
 * own: the hot path's misses should not queue behind API transactions.
 */
import type { ModeWindow, WindowKind } from '@sparkmotion/shared/modes/resolve-mode';
import type pg from 'pg';
import type { RedisClient } from '../redis/redis-client.ts';
import { DEFAULT_IP_PRIVACY, type IpPrivacy } from '../taps/enrich.ts';
import type { BandTrust } from '../trust/tap-trust.ts';
import type { TrustPolicy } from '../trust/trust-policy.ts';

export type BandStatus = 'ACTIVE' | 'DISABLED' | 'LOST';

export interface CachedBand {
  readonly id: string;
  readonly bandId: string;
  readonly orgId: string;
  readonly eventId: string;
  readonly status: BandStatus;
  /** Tap trust (docs/tap-trust.md): how the band proves its taps, and its registered UID. */
  readonly trust?: BandTrust;
  readonly uid?: string | null;
}

export interface CachedEvent {
  readonly id: string;
  readonly orgId: string;
  readonly fallbackUrl: string;
  readonly overrideMode: WindowKind | null;
  readonly status: string;
  readonly windows: readonly ModeWindow[];
  /** Where REPLAYED/COPIED taps go (tap trust); SAME_PAGE when absent. */
  readonly trustPolicy?: TrustPolicy;
  /** How much of a tap's IP the organization keeps, applied before the tap is written; default when absent. */
  readonly ipMode?: IpPrivacy;
  /** The organization's branding as stored, for the rare page the cloud draws itself (never per tap). */
  readonly branding?: unknown;
}

export class PostgresRedirectStore {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async band(bandId: string): Promise<CachedBand | null> {
    const { rows } = await this.pool.query<{
      id: string;
      org_id: string;
      event_id: string;
      status: BandStatus;
      trust: BandTrust;
      uid: string | null;
    }>({
      name: 'redirect_band',
      text: 'select id, org_id, event_id, status, trust, uid from bands where band_id = $1',
      values: [bandId],
    });
    const row = rows[0];
    return row
      ? {
          id: row.id,
          bandId,
          orgId: row.org_id,
          eventId: row.event_id,
          status: row.status,
          trust: row.trust,
          uid: row.uid,
        }
      : null;
  }

  async event(id: string): Promise<CachedEvent | null> {
    const { rows } = await this.pool.query<{
      id: string;
      org_id: string;
      fallback_url: string;
      override_mode: WindowKind | null;
      status: string;
      trust_policy: TrustPolicy;
      ip_mode: IpPrivacy | null;
      branding: unknown;
      windows: Array<{ id: string; kind: WindowKind; url: string; starts_at: string; ends_at: string }> | null;
    }>({
      name: 'redirect_event',
      text: `select e.id, e.org_id, e.fallback_url, e.override_mode, e.status, e.trust_policy,
               (select p.ip_mode from tap_privacy p where p.org_id = e.org_id) as ip_mode,
               (select o.branding from organizations o where o.id = e.org_id) as branding,
               (select json_agg(json_build_object('id', w.id, 'kind', w.kind, 'url', w.url,
                  'starts_at', w.starts_at, 'ends_at', w.ends_at) order by w.starts_at)
                from event_windows w where w.event_id = e.id) as windows
             from events e where e.id = $1`,
      values: [id],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      orgId: row.org_id,
      fallbackUrl: row.fallback_url,
      overrideMode: row.override_mode,
      status: row.status,
      trustPolicy: row.trust_policy,
      ipMode: row.ip_mode ?? DEFAULT_IP_PRIVACY,
      branding: row.branding,
      windows: (row.windows ?? []).map((w) => ({
        id: w.id,
        kind: w.kind,
        url: w.url,
        startsAt: new Date(w.starts_at),
        endsAt: new Date(w.ends_at),
      })),
    };
  }
}

/** Redis as the shared second level. Every call fails fast (no offline queue) so Redis down = a miss. */
export class RedisRedirectCache {
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private readonly ttlSeconds: number;

  constructor(redis: RedisClient, prefix: string, ttlSeconds: number) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttlSeconds = ttlSeconds;
  }

  async band(bandId: string): Promise<CachedBand | undefined> {
    const raw = await this.redis.get(`${this.prefix}band:${bandId}`);
    return raw ? (JSON.parse(raw) as CachedBand) : undefined;
  }

  async event(id: string): Promise<CachedEvent | undefined> {
    const raw = await this.redis.get(`${this.prefix}event:${id}`);
    if (!raw) return undefined;
    const event = JSON.parse(raw) as Omit<CachedEvent, 'windows'> & {
      windows: Array<Omit<ModeWindow, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string }>;
    };
    return {
      ...event,
      windows: event.windows.map((w) => ({ ...w, startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) })),
    };
  }

  async putBand(band: CachedBand): Promise<void> {
    await this.redis.set(`${this.prefix}band:${band.bandId}`, JSON.stringify(band), 'EX', this.ttlSeconds);
  }

  async putEvent(event: CachedEvent): Promise<void> {
    await this.redis.set(`${this.prefix}event:${event.id}`, JSON.stringify(event), 'EX', this.ttlSeconds);
  }

  async forget(kind: 'band' | 'event', key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${kind}:${key}`);
  }
}
