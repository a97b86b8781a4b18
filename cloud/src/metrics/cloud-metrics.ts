/**
 * The cloud's metrics beyond the redirect's, for the alert rules in deploy/prometheus: whether its
 * dependencies answer (probed at scrape time, as /readyz probes them) and the login throttle's trips.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReadinessCheck } from '../http/readiness.ts';

export function createLoginMetrics(registry: Registry) {
  const locked = new Counter({
    name: 'sparkmotion_login_lockouts_total',
    help: 'Emails the login throttle locked after too many wrong passwords.',
    registers: [registry],
  });
  const refused = new Counter({
    name: 'sparkmotion_login_refused_total',
    help: 'Sign-ins refused because their email was locked.',
    registers: [registry],
  });
  return { onLocked: () => locked.inc(), onRefused: () => refused.inc() };
}

/** One probe per scrape feeds both gauges. */
export function registerReadinessMetrics(registry: Registry, readiness: () => Promise<ReadinessCheck>): void {
  let probe: Promise<ReadinessCheck> | undefined;
  const current = () => {
    probe ??= readiness().finally(() => setTimeout(() => (probe = undefined), 1000).unref());
    return probe;
  };
  new Gauge({
    name: 'sparkmotion_ready',
    help: '1 when /readyz answers 200 (this instance can serve and keep taps), else 0.',
    registers: [registry],
    async collect() {
      this.set((await current()).ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sparkmotion_dependency_up',
    help: 'Whether a dependency answered its readiness probe (1) or not (0); absent when not configured.',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      for (const [dependency, state] of Object.entries((await current()).checks)) {
        if (state !== 'absent') this.set({ dependency }, state === 'ok' ? 1 : 0);
      }
    },
  });
}
