import { Registry } from 'prom-client';
import { expect, test } from 'vitest';
import { hotCounter, hotHistogram } from './hot-metrics.ts';

test('hot metrics are exposed in the Prometheus text format, histogram buckets cumulative', async () => {
  const registry = new Registry();
  const outcomes = hotCounter(registry, { name: 'x_total', help: 'Taps.', labelName: 'outcome', labels: ['A', 'B'] });
  const observe = hotHistogram(registry, { name: 'd_seconds', help: 'Time.', buckets: [0.01, 0.001] });
  outcomes.A();
  outcomes.A();
  outcomes.B();
  for (const seconds of [0.0005, 0.001, 0.005, 2]) observe(seconds);

  const text = await registry.metrics();
  expect(text).toContain('# TYPE x_total counter\nx_total{outcome="A"} 2\nx_total{outcome="B"} 1');
  expect(text).toContain(
    [
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{le="0.001"} 2',
      'd_seconds_bucket{le="0.01"} 3',
      'd_seconds_bucket{le="+Inf"} 4',
      'd_seconds_sum 2.0065',
      'd_seconds_count 4',
    ].join('\n'),
  );
  registry.resetMetrics();
  expect(await registry.metrics()).toContain('x_total{outcome="A"} 0');
});
