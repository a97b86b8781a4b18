/**
 * What deploy/ ships to operators, checked against the real cloud: the alert rules and the dashboard
 * use only metric names /metrics exports; the rules pass promtool's check and unit tests; the
 * Kubernetes manifests render. promtool (Debian: prometheus) and kubectl are needed for the last two;
 * without them those tests are skipped and say so in their names.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestCloud, type TestCloud } from './support/index.ts';

const deploy = (path: string) => fileURLToPath(new URL(`../../deploy/${path}`, import.meta.url));
const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const skipped = (missing: boolean, what: string) => (missing ? ` (skipped: ${what} is not installed)` : '');
const noPromtool = !onPath('promtool');
const noKubectl = !onPath('kubectl');

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t?.close());

test('every SparkMotion metric the alert rules and the Grafana dashboard use is one /metrics exports', async () => {
  const exported = new Set(
    [...(await (await fetch(`${t.url}/metrics`)).text()).matchAll(/^# TYPE (sparkmotion_\w+)/gm)].map((m) => m[1]),
  );
  const used = (file: string) =>
    new Set([...readFileSync(deploy(file), 'utf8').matchAll(/sparkmotion_\w+/g)].map((m) => m[0]));
  for (const file of ['prometheus/alerts.yaml', 'grafana/sparkmotion.json']) {
    const names = [...used(file)].map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !exported.has(name))).toEqual([]);
  }
});

test.skipIf(noPromtool)(
  `the alert rules pass promtool check rules and promtool test rules${skipped(noPromtool, 'promtool')}`,
  () => {
    for (const args of [
      ['check', 'rules', 'alerts.yaml'],
      ['test', 'rules', 'alerts.test.yaml'],
    ]) {
      const result = spawnSync('promtool', args, { cwd: deploy('prometheus'), encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
      expect(result.status).toBe(0);
    }
  },
);

test.skipIf(noKubectl)(
  `kubectl kustomize deploy/k8s renders the StatefulSet with a spool volume per pod, its sidecar, probes and the migration Job${skipped(noKubectl, 'kubectl')}`,
  () => {
    const result = spawnSync('kubectl', ['kustomize', deploy('k8s')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const kinds = [...result.stdout.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]).sort();
    expect(kinds).toEqual(
      ['ConfigMap', 'Ingress', 'Job', 'Namespace', 'PodDisruptionBudget', 'Service', 'Service', 'StatefulSet'].sort(),
    );
    for (const expected of [
      'volumeClaimTemplates:',
      'name: ship-taps',
      'path: /readyz',
      'path: /healthz',
      'args:\n        - migrate',
    ]) {
      expect(result.stdout).toContain(expected);
    }
  },
);
