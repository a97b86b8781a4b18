/**
 * What `/readyz` tells a load balancer, and `/metrics` tells the operator.
 *
 * Ready means this instance can serve taps and keep them: its local tap log accepts writes (the
 * durability point of every tap). PostgreSQL and Redis are dependencies the redirect degrades without
 * (cached bands still redirect, taps wait in the local log, counters fall back), and they fail for every
 * instance at once: reporting them as "unready" would make a load balancer drain the whole fleet exactly
 * when taps still work. So they are reported, in the body and as `sparkmotion_dependency_up`
 * (metrics/cloud-metrics.ts), not gated on.
 */
export type DependencyState = 'ok' | 'down' | 'absent';

export interface ReadinessCheck {
  ready: boolean;
  /** Dependencies that are down while the instance still serves. */
  degraded: string[];
  checks: Record<string, DependencyState>;
}

/** A hung PostgreSQL or Redis must make the probe say so, not hang it. */
const PROBE_TIMEOUT_MS = 2_000;

const probe = (check: () => Promise<unknown>): Promise<DependencyState> =>
  Promise.race([
    check().then(() => 'ok' as const),
    new Promise<'down'>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS, 'down').unref()),
  ]).catch(() => 'down' as const);

export function createReadiness(deps: {
  /** True while the local tap log accepts writes. */
  tapLogWritable: () => boolean;
  postgres: () => Promise<unknown>;
  /** Absent: running without Redis. */
  redis: (() => Promise<unknown>) | undefined;
}): () => Promise<ReadinessCheck> {
  return async (): Promise<ReadinessCheck> => {
    const [postgres, redis] = await Promise.all([
      probe(deps.postgres),
      deps.redis ? probe(deps.redis) : Promise.resolve('absent' as const),
    ]);
    const tapLog = deps.tapLogWritable() ? 'ok' : 'down';
    const checks = { tapLog, postgres, redis } satisfies ReadinessCheck['checks'];
    const degraded = Object.entries({ postgres, redis })
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    return { ready: tapLog === 'ok', degraded, checks };
  };
}
