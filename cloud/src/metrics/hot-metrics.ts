/**
 * A counter by one label and a histogram, for the redirect's hot path: counting is an array
 * increment. prom-client's own `inc`/`observe` hash and validate their labels on every call (~0.6 µs
 * per tap together, a few percent of the redirect); these do that work at scrape time instead. They
 * register on a prom-client Registry as custom metrics (its `get()` contract), so `/metrics` formats
 * them like any other.
 */
import type { Registry } from 'prom-client';

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface HotMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: () => MetricValue[];
  reset: () => void;
}

/** Registers as a prom-client custom metric: its types name only its own classes, its registry needs `get()`. */
function register(registry: Registry, { name, help, type, values, reset }: HotMetric): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => ({ name, help, type, aggregator: 'sum', values: values() }),
    reset,
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

export function hotCounter<L extends string>(
  registry: Registry,
  options: { name: string; help: string; labelName: string; labels: readonly L[] },
): Record<L, () => void> {
  const counts = new Float64Array(options.labels.length);
  register(registry, {
    name: options.name,
    help: options.help,
    type: 'counter',
    values: () => options.labels.map((label, i) => ({ value: counts[i]!, labels: { [options.labelName]: label } })),
    reset: () => counts.fill(0),
  });
  return Object.fromEntries(options.labels.map((label, i) => [label, () => void counts[i]!++])) as Record<
    L,
    () => void
  >;
}

export function hotHistogram(
  registry: Registry,
  options: { name: string; help: string; buckets: readonly number[] },
): (value: number) => void {
  const bounds = [...options.buckets].sort((a, b) => a - b);
  // One slot per bound plus +Inf; cumulated at scrape time, as the exposition format wants.
  const counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  register(registry, {
    name: options.name,
    help: options.help,
    type: 'histogram',
    values: () => {
      const values: MetricValue[] = [];
      let cumulative = 0;
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += counts[i]!;
        values.push({
          value: cumulative,
          labels: { le: i < bounds.length ? bounds[i]! : '+Inf' },
          metricName: `${options.name}_bucket`,
        });
      }
      values.push({ value: sum, labels: {}, metricName: `${options.name}_sum` });
      values.push({ value: cumulative, labels: {}, metricName: `${options.name}_count` });
      return values;
    },
    reset: () => {
      counts.fill(0);
      sum = 0;
    },
  });
  return (value) => {
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    counts[i]!++;
    sum += value;
  };
}
