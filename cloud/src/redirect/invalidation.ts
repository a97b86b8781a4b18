/**
 * Cache invalidation across instances through PostgreSQL itself: triggers on `bands`, `events` and
 * `event_windows` (migration `tap_log`) `NOTIFY redirect_invalidate` with the bandId or event id of
 * every row changed; `band_trust_state` (migration `trust_reset_invalidate`) with `trust:<bandId>` when a
 * band's counter is reset, for the trust policy guard. NOTIFY is delivered on commit, to every listening
 * instance, whatever wrote the row (an API procedure, a sync push, a bulk import, a hand-run SQL
 * statement), so no write path can forget to invalidate, and no instance can re-cache the old row from
 * an uncommitted transaction.
 * Latency is that of one message on an open connection (milliseconds).
 *
 * Each instance keeps one dedicated connection listening. If it drops, messages may have been
 * missed: everything cached is marked stale (still served, re-read on next use), the guard forgets
 * every counter (a missed reset must not keep diverting a band) and the listener reconnects with backoff.
 */

import pg from 'pg';
import type { Logger } from 'pino';
import type { TrustPolicyGuard } from '../trust/trust-policy.ts';
import type { RedirectResolver } from './resolver.ts';

export const INVALIDATION_CHANNEL = 'redirect_invalidate';

export class InvalidationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = 100;
  private timer: NodeJS.Timeout | undefined;
  /** Messages applied (a test hook and a metric). */
  received = 0;
  private readonly url: string;
  private readonly resolver: RedirectResolver;
  private readonly trustGuard: TrustPolicyGuard;
  private readonly log: Logger;

  constructor(url: string, resolver: RedirectResolver, trustGuard: TrustPolicyGuard, log: Logger) {
    this.url = url;
    this.resolver = resolver;
    this.trustGuard = trustGuard;
    this.log = log;
  }

  /** Resolves once listening (or once the first attempt failed: it keeps retrying on its own). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000 });
    this.client = client;
    client.on('notification', (message) => this.apply(message.payload));
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`listen ${INVALIDATION_CHANNEL}`);
      this.retryMs = 100;
    } catch (error) {
      this.log.warn({ err: error }, 'cache invalidation listener could not connect; retrying');
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    this.resolver.staleAll();
    this.trustGuard.forgetAll();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.stopped) void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(5000, this.retryMs * 2);
  }

  private apply(payload: string | undefined): void {
    if (!payload) return;
    const separator = payload.indexOf(':');
    const kind = payload.slice(0, separator);
    const key = payload.slice(separator + 1);
    if (kind === 'band') this.resolver.forgetBand(key);
    else if (kind === 'event') this.resolver.forgetEvent(key);
    else if (kind === 'trust') this.trustGuard.forget(key);
    this.received++;
  }
}
