/**
 * The tap pipeline's Prometheus metrics, read at scrape time: what waits on disk, how late it is, what
 * landed in TapLog and how often shipping failed.
 */
import { Gauge, type Registry } from 'prom-client';

export interface TapPipelineProbe {
  pendingBytes(): number;
  lagSeconds(): number;
  landed(): number;
  shipFailures(): number;
}

export function registerTapPipelineMetrics(registry: Registry, probe: TapPipelineProbe): void {
  new Gauge({
    name: 'sparkmotion_tap_buffer_bytes',
    help: 'Bytes of taps written to the local log and not yet in TapLog.',
    registers: [registry],
    collect() {
      this.set(probe.pendingBytes());
    },
  });
  new Gauge({
    name: 'sparkmotion_tap_flush_lag_seconds',
    help: 'Age of the oldest tap not yet in TapLog (0 when drained).',
    registers: [registry],
    collect() {
      this.set(probe.lagSeconds());
    },
  });
  new Gauge({
    name: 'sparkmotion_taps_landed',
    help: 'Taps this instance has written to TapLog since start.',
    registers: [registry],
    collect() {
      this.set(probe.landed());
    },
  });
  new Gauge({
    name: 'sparkmotion_tap_ship_failures',
    help: 'Failed attempts to write a batch to TapLog since start (retried; taps stay on disk).',
    registers: [registry],
    collect() {
      this.set(probe.shipFailures());
    },
  });
}
