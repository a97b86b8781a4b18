/**
 * The batch flusher: the shipper's sink. Enriches a batch of taps (device, country, bot flag, IP per
 * the organization's privacy setting), writes it to TapLog in one statement, idempotently
 * (`on conflict do nothing` on the edge-minted tap id), then feeds the live counters with exactly the
 * rows that were new. A missing month partition is created on the spot and the batch retried.
 */

import type pg from 'pg';
import type { Logger } from 'pino';
import { applyIpPrivacy, DEFAULT_IP_PRIVACY, enrich, type IpPrivacy } from './enrich.ts';
import type { LandedTap, LiveCounters } from './live-counters.ts';
import { ensurePartitions } from './partitions.ts';
import type { Tap } from './tap.ts';

const INSERT = `
insert into tap_log (id, tapped_at, band_id, outcome, org_id, event_id, window_id, mode_served, redirect_url,
  user_agent, ip, country, device_type, os, browser, is_bot, rate_limited)
select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[],
  $8::text[], $9::text[], $10::text[], $11::inet[], $12::text[], $13::text[], $14::text[], $15::text[],
  $16::bool[], $17::bool[])
on conflict do nothing
returning id`;

const NO_PARTITION = '23514';

export class TapFlusher {
  /** Rows new to TapLog since start (a re-sent batch adds nothing). */
  inserted = 0;
  private readonly pool: pg.Pool;
  private readonly counters: LiveCounters | undefined;
  private readonly log: Logger;

  constructor(pool: pg.Pool, counters: LiveCounters | undefined, log: Logger) {
    this.pool = pool;
    this.counters = counters;
    this.log = log;
  }

  /** The TapSink: resolves once the batch is committed; throws (and the shipper retries) otherwise. */
  readonly write = async (batch: readonly Tap[]): Promise<void> => {
    const taps = await this.attribute(batch);
    const privacy = await this.privacyOf(taps);
    const columns: unknown[][] = Array.from({ length: 17 }, () => []);
    const enriched = new Map<string, { isBot: boolean }>();
    for (const tap of taps) {
      const e = enrich(tap.ua, tap.ip);
      enriched.set(tap.id, e);
      const mode = tap.orgId ? (privacy.get(tap.orgId) ?? DEFAULT_IP_PRIVACY) : DEFAULT_IP_PRIVACY;
      const row = [
        tap.id,
        new Date(tap.at),
        tap.bandId,
        tap.outcome,
        tap.orgId,
        tap.eventId,
        tap.windowId,
        tap.mode,
        tap.url,
        tap.ua,
        applyIpPrivacy(tap.ip, mode),
        e.country,
        e.deviceType,
        e.os,
        e.browser,
        e.isBot,
        tap.limited,
      ];
      for (let i = 0; i < row.length; i++) columns[i]!.push(row[i]);
    }
    let result: pg.QueryResult<{ id: string }>;
    try {
      result = await this.pool.query<{ id: string }>(INSERT, columns);
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION) throw error;
      await ensurePartitions(
        this.pool,
        taps.map((tap) => new Date(tap.at)),
      );
      result = await this.pool.query<{ id: string }>(INSERT, columns);
    }
    this.inserted += result.rowCount ?? 0;
    if (!this.counters || result.rows.length === 0) return;
    const fresh = new Set(result.rows.map((row) => row.id));
    const landed: LandedTap[] = [];
    for (const tap of taps) {
      if (!fresh.has(tap.id) || !tap.eventId) continue;
      landed.push({
        eventId: tap.eventId,
        bandId: tap.bandId,
        at: tap.at,
        bucket: tap.outcome === 'SERVED' ? (tap.mode ?? 'FALLBACK') : tap.outcome,
        isBot: enriched.get(tap.id)!.isBot,
        limited: tap.limited,
      });
    }
    try {
      await this.counters.record(landed);
    } catch (error) {
      // TapLog is the truth; live counters are a view of it and may miss taps while Redis is down.
      this.log.warn({ err: error, taps: landed.length }, 'live counters not updated (Redis unavailable)');
    }
  };

  /**
   * Taps answered while the database was down (`UNAVAILABLE`) carry only their bandId: give them their
   * band's event and organization now that the database answers, so they count where they belong.
   */
  private async attribute(taps: readonly Tap[]): Promise<readonly Tap[]> {
    const missing = [...new Set(taps.filter((t) => t.outcome === 'UNAVAILABLE' && !t.eventId).map((t) => t.bandId))];
    if (missing.length === 0) return taps;
    const { rows } = await this.pool.query<{ band_id: string; org_id: string; event_id: string }>(
      'select band_id, org_id, event_id from bands where band_id = any($1::text[])',
      [missing],
    );
    const byBand = new Map(rows.map((row) => [row.band_id, row]));
    return taps.map((tap) => {
      const band = tap.outcome === 'UNAVAILABLE' && !tap.eventId ? byBand.get(tap.bandId) : undefined;
      return band ? { ...tap, eventId: band.event_id, orgId: band.org_id } : tap;
    });
  }

  private async privacyOf(taps: readonly Tap[]): Promise<Map<string, IpPrivacy>> {
    const orgs = [...new Set(taps.map((tap) => tap.orgId).filter((id): id is string => id !== null))];
    const map = new Map<string, IpPrivacy>();
    if (orgs.length === 0) return map;
    const { rows } = await this.pool.query<{ org_id: string; ip_mode: IpPrivacy }>(
      'select org_id, ip_mode from tap_privacy where org_id = any($1::uuid[])',
      [orgs],
    );
    for (const row of rows) map.set(row.org_id, row.ip_mode);
    return map;
  }
}
