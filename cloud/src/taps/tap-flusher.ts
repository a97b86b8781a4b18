/**
 * The batch flusher: the shipper's sink. Enriches a batch of taps (device, country, bot flag, IP per
 * the organization's privacy setting), writes it to TapLog in one COPY, idempotently (the edge-minted
 * tap id is the key; a batch that is partly there already is inserted with `on conflict do nothing`),
 * then feeds the live counters with exactly the rows that were new. A missing month partition is
 * created on the spot and the batch retried.
 */

import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RedisClient } from '../redis/redis-client.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { type CounterGate, memoryCounterGate, redisCounterGate } from '../trust/counter-gate.ts';
import { createTapClassifier, type TapClassifier, type TapTrust } from '../trust/tap-classifier.ts';
import { copyFrom } from './copy-from.ts';
import { applyIpPrivacy, DEFAULT_IP_PRIVACY, type Enrichment, enrich, type IpPrivacy } from './enrich.ts';
import { type LandedTap, LiveCounters } from './live-counters.ts';
import { ensurePartitions } from './partitions.ts';
import type { Tap } from './tap.ts';

const COLUMNS = `id, tapped_at, band_id, outcome, org_id, event_id, window_id, mode_served, redirect_url, user_agent,
  ip, country, device_type, os, browser, is_bot, rate_limited, trust_verdict, trust_reason, trust_uid, trust_counter`;

/**
 * A batch is one COPY straight into TapLog: PostgreSQL parses COPY text for far less CPU than JSON,
 * and a plain insert skips the speculative insertion of `on conflict`. Atomic: if any tap of the batch
 * is there already (a batch re-sent after a crash between commit and checkpoint), none lands, and the
 * batch goes through `RESEND` instead.
 */
const COPY = `copy tap_log (${COLUMNS}) from stdin`;

/** A re-sent batch: staged, then inserted idempotently, answering which taps were new. */
const RESEND = [
  'create temp table tap_resend (like tap_log including defaults) on commit drop',
  `copy tap_resend (${COLUMNS}) from stdin`,
  `insert into tap_log select * from tap_resend on conflict do nothing returning id`,
] as const;

const NO_PARTITION = '23514';
const DUPLICATE = '23505';

/**
 * The flusher as a shipping process (the cloud's inline shipper, the `ship-taps` sidecar) builds it. With
 * Redis, the live counters and the tap counter gate live there, shared by every instance under the
 * deployment's key prefix; without it, no live counters and a gate of this process's own.
 */
export function createTapFlusher(deps: {
  pool: pg.Pool;
  redis: RedisClient | undefined;
  keyPrefix: string;
  secretBox: SecretBox;
  registry?: Registry;
  log: Logger;
}): { flusher: TapFlusher; counters: LiveCounters | undefined; gate: CounterGate } {
  const { pool, redis, keyPrefix, log } = deps;
  const counters = redis ? new LiveCounters(redis, keyPrefix) : undefined;
  const gate = redis ? redisCounterGate(redis, { keyPrefix: `${keyPrefix}trust:ctr:` }) : memoryCounterGate();
  const classifier = createTapClassifier({
    pool,
    gate,
    secretBox: deps.secretBox,
    ...(deps.registry ? { registry: deps.registry } : {}),
    log,
  });
  return { flusher: new TapFlusher(pool, counters, log, classifier), counters, gate };
}

export class TapFlusher {
  /** Rows new to TapLog since start (a re-sent batch adds nothing). */
  inserted = 0;
  private readonly pool: pg.Pool;
  private readonly counters: LiveCounters | undefined;
  private readonly log: Logger;
  private readonly classifier: TapClassifier | undefined;

  /** `classifier`: tap trust (cloud/src/trust/tap-classifier.ts); without it the verdict columns stay null. */
  constructor(pool: pg.Pool, counters: LiveCounters | undefined, log: Logger, classifier?: TapClassifier) {
    this.pool = pool;
    this.counters = counters;
    this.log = log;
    this.classifier = classifier;
  }

  /** The TapSink: resolves once the batch is committed; throws (and the shipper retries) otherwise. */
  readonly write = async (batch: readonly Tap[]): Promise<void> => {
    const taps = await this.attribute(batch);
    const privacy = await this.privacyOf(taps);
    const trust = await this.classifier?.classify(taps);
    const bots = new Array<boolean>(taps.length);
    let text = '';
    for (let i = 0; i < taps.length; i++) {
      const tap = taps[i]!;
      const e = enrich(tap.ua, tap.ip);
      bots[i] = e.isBot;
      const mode = tap.orgId ? (privacy.get(tap.orgId) ?? DEFAULT_IP_PRIVACY) : DEFAULT_IP_PRIVACY;
      text += copyRow(tap, e, applyIpPrivacy(tap.ip, mode), trust?.get(tap.id));
    }
    const fresh = await this.land(taps, Buffer.from(text));
    this.inserted += fresh?.size ?? taps.length;
    // What was new to TapLog: its verdicts are counted, and its taps of an event go to the live counters.
    const verdicts: TapTrust[] = [];
    const landed: LandedTap[] = [];
    for (let i = 0; i < taps.length; i++) {
      const tap = taps[i]!;
      if (fresh && !fresh.has(tap.id)) continue;
      const verdict = trust?.get(tap.id);
      if (verdict) verdicts.push(verdict);
      if (!this.counters || !tap.eventId) continue;
      landed.push({
        eventId: tap.eventId,
        bandId: tap.bandId,
        at: tap.at,
        bucket: tap.outcome === 'SERVED' ? (tap.mode ?? 'FALLBACK') : tap.outcome,
        isBot: bots[i]!,
        limited: tap.limited,
      });
    }
    if (verdicts.length > 0) this.classifier?.count(verdicts);
    if (!this.counters || landed.length === 0) return;
    try {
      await this.counters.record(landed);
    } catch (error) {
      // TapLog is the truth; live counters are a view of it and may miss taps while Redis is down.
      this.log.warn({ err: error, taps: landed.length }, 'live counters not updated (Redis unavailable)');
    }
  };

  /**
   * Commits the batch's rows; answers the ids that were new, or undefined when all were. A missing
   * month partition is created and the batch retried.
   */
  private async land(taps: readonly Tap[], rows: Buffer): Promise<ReadonlySet<string> | undefined> {
    let resent = false;
    let partitioned = false;
    for (;;) {
      try {
        return await this.landOnce(rows, resent);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === DUPLICATE && !resent) resent = true;
        else if (code === NO_PARTITION && !partitioned) {
          partitioned = true;
          await ensurePartitions(
            this.pool,
            taps.map((tap) => new Date(tap.at)),
          );
        } else throw error;
      }
    }
  }

  /** One attempt, on a client of its own; after a failure the client is closed, as `pool.query` does. */
  private async landOnce(rows: Buffer, resent: boolean): Promise<ReadonlySet<string> | undefined> {
    const client = await this.pool.connect();
    try {
      let fresh: ReadonlySet<string> | undefined;
      if (!resent) await copyFrom(client, COPY, rows);
      else {
        await client.query('begin');
        await client.query(RESEND[0]);
        await copyFrom(client, RESEND[1], rows);
        const { rows: inserted } = await client.query<{ id: string }>(RESEND[2]);
        await client.query('commit');
        fresh = new Set(inserted.map((row) => row.id));
      }
      client.release();
      return fresh;
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

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
    const ids = new Set<string>();
    for (const tap of taps) if (tap.orgId !== null) ids.add(tap.orgId);
    const orgs = [...ids];
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

/** One line of COPY text (tab-separated, `\\N` for null) for a tap's TapLog row. */
function copyRow(tap: Tap, e: Enrichment, ip: string | null, trust: TapTrust | undefined): string {
  return `${field(tap.id)}\t${new Date(tap.at).toISOString()}\t${field(tap.bandId)}\t${field(tap.outcome)}\t${field(
    tap.orgId,
  )}\t${field(tap.eventId)}\t${field(tap.windowId)}\t${field(tap.mode)}\t${field(tap.url)}\t${field(tap.ua)}\t${field(
    ip,
  )}\t${field(e.country)}\t${field(e.deviceType)}\t${field(e.os)}\t${field(e.browser)}\t${e.isBot ? 't' : 'f'}\t${
    tap.limited ? 't' : 'f'
  }\t${field(trust?.verdict ?? null)}\t${field(trust?.reason ?? null)}\t${field(trust?.uid ?? null)}\t${
    trust?.counter ?? '\\N'
  }\n`;
}

const SPECIAL = /[\\\t\n\r\0]/g;
/** NUL is dropped: PostgreSQL text cannot hold it, and one such tap must not block the log. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/** Undefined too: a log line missing a field stores null, as it did when batches went as JSON. */
function field(value: string | null | undefined): string {
  if (value == null) return '\\N';
  SPECIAL.lastIndex = 0;
  return SPECIAL.test(value) ? value.replace(SPECIAL, (c) => ESCAPES[c]!) : value;
}
