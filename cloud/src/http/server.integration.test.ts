import { expect, inject, test } from 'vitest';
import { adminQuery } from '../../../test/databases.ts';
import { startTestCloud, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

test('/healthz answers while the process runs', async () => {
  const response = await fetch(`${t.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test('/readyz reports the tap log, PostgreSQL and Redis', async () => {
  const response = await fetch(`${t.url}/readyz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    ready: true,
    degraded: [],
    checks: { tapLog: 'ok', postgres: 'ok', redis: 'ok' },
  });
});

test('/readyz stays ready with PostgreSQL unreachable (cached bands still redirect) and reports it', async () => {
  const other = await startTestCloud({ env: { REDIS_URL: '' } });
  try {
    expect(await (await fetch(`${other.url}/readyz`)).json()).toMatchObject({ checks: { redis: 'absent' } });
    const name = new URL(other.databaseUrl).pathname.slice(1);
    await adminQuery(inject('pgAdminUrl'), `drop database ${name} with (force)`);
    const response = await fetch(`${other.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, degraded: ['postgres'], checks: { postgres: 'down' } });
    const metrics = await (await fetch(`${other.url}/metrics`)).text();
    expect(metrics).toContain('\nsparkmotion_ready 1\n');
    expect(metrics).toContain('sparkmotion_dependency_up{dependency="postgres"} 0');
    expect(metrics).toContain('sparkmotion_dependency_up{dependency="tapLog"} 1');
  } finally {
    await other.close();
  }
});

test('an unknown path is a plain 404, an unknown procedure a tRPC 404 without a stack', async () => {
  expect((await fetch(`${t.url}/nope`)).status).toBe(404);
  const response = await fetch(`${t.url}/trpc/nope.nothing`);
  expect(response.status).toBe(404);
  const body = await response.text();
  expect(body).not.toMatch(/stack|at .*\.ts/);
});

test('/metrics serves Prometheus text, with readiness and login-throttle trips for the alert rules', async () => {
  const login = (email: string) =>
    fetch(`${t.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'not the password' }),
    });
  // The throttle locks an email at its 10th wrong password; the 11th attempt is refused.
  for (let i = 0; i < 11; i++) await login('guessed@example.com');
  const response = await fetch(`${t.url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain('process_cpu_user_seconds_total');
  expect(text).toContain('\nsparkmotion_ready 1\n');
  expect(text).toContain('\nsparkmotion_dependency_up{dependency="postgres"} 1\n');
  expect(text).toContain('\nsparkmotion_dependency_up{dependency="redis"} 1\n');
  expect(text).toContain('\nsparkmotion_login_lockouts_total 1\n');
  expect(text).toContain('\nsparkmotion_login_refused_total 1\n');
});

test('an unexpected failure answers 500 "Internal error" with no SQL, stack or detail', async () => {
  const other = await startTestCloud();
  try {
    await adminQuery(other.databaseUrl, 'drop table audit_log');
    const response = await fetch(`${other.url}/trpc/events.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${other.token}` },
      body: JSON.stringify({ orgId: other.demo.orgId, name: 'X', timezone: 'UTC', fallbackUrl: 'https://e.com' }),
    });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body).error).toMatchObject({ message: 'Internal error', data: { code: 'INTERNAL' } });
    expect(body).not.toMatch(/audit_log|relation|stack|\.ts:/);
  } finally {
    await other.close();
  }
});
