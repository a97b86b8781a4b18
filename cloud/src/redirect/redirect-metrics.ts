/**
 * The redirect's Prometheus metrics, registered on the cloud's registry (one per cloud instance, so two
 * clouds in one test process do not share counters). Hot-path metrics are plain array increments
 * (hot-metrics.ts); the resolver's figures are read at scrape time. The tap pipeline has its own
 * (taps/tap-pipeline-metrics.ts).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { hotCounter, hotHistogram } from '../metrics/hot-metrics.ts';
import { TAP_OUTCOMES, type TapOutcome } from '../taps/tap.ts';

export interface ResolverProbe {
  cache(): { hits: number; misses: number; staleServed: number; redisHits: number; databaseReads: number };
  cacheSize(): number;
}

export function createRedirectMetrics(registry: Registry, probe: ResolverProbe) {
  const requests = hotCounter(registry, {
    name: 'sparkmotion_redirect_requests_total',
    help: 'Tap redirect requests by outcome.',
    labelName: 'outcome',
    labels: TAP_OUTCOMES,
  });
  const observeDuration = hotHistogram(registry, {
    name: 'sparkmotion_redirect_duration_seconds',
    help: 'Time from request to response sent, in the redirect handler.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
  });
  const tapWriteErrors = new Counter({
    name: 'sparkmotion_tap_log_write_errors_total',
    help: 'Taps the local log refused (disk full or read-only); the attendee was redirected anyway.',
    registers: [registry],
  });
  new Gauge({
    name: 'sparkmotion_redirect_cache_lookups',
    help: 'Resolver lookups since start: hit (memory), miss, stale (served while refreshing or degraded), redis, database.',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const c = probe.cache();
      this.set({ result: 'hit' }, c.hits);
      this.set({ result: 'miss' }, c.misses);
      this.set({ result: 'stale' }, c.staleServed);
      this.set({ result: 'redis' }, c.redisHits);
      this.set({ result: 'database' }, c.databaseReads);
    },
  });
  new Gauge({
    name: 'sparkmotion_redirect_cache_hit_ratio',
    help: 'Share of lookups answered from memory since start.',
    registers: [registry],
    collect() {
      const c = probe.cache();
      this.set(c.hits + c.misses === 0 ? 1 : c.hits / (c.hits + c.misses));
    },
  });
  new Gauge({
    name: 'sparkmotion_redirect_cache_entries',
    help: 'Bands and events held in memory.',
    registers: [registry],
    collect() {
      this.set(probe.cacheSize());
    },
  });
  return {
    request(outcome: TapOutcome, seconds: number): void {
      requests[outcome]();
      observeDuration(seconds);
    },
    tapWriteError(): void {
      tapWriteErrors.inc();
    },
  };
}

export type RedirectMetrics = ReturnType<typeof createRedirectMetrics>;
