/**
 * The running cloud `BENCH_TAG=ntag424 npm run bench:encode` taps its NTAG 424 DNA bands through: a fresh
 * database on the local PostgreSQL, the real migrations and demo organization, Redis when it answers. The
 * desk side gets the organization's master key from it (`trust.sdmMasterKeys`), registers the bands with
 * `sync.push` as a desk's sync does, and each band's phone read goes through `/e`.
 *
 * Env: BENCH_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default
 * redis://127.0.0.1:6379; empty for none).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PushResponse } from '@sparkmotion/shared/sync/protocol';
import pg from 'pg';
import { createCloud } from '../../cloud/src/app.ts';
import { loadConfig } from '../../cloud/src/config.ts';
import type { BandRegistration } from '../../desktop/src/main/nfc/band-registry.ts';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

export async function startBenchCloud() {
  const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sm_bench424_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sm-bench424-'));
  const cloud = await createCloud(
    loadConfig({
      PORT: '0',
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `smbench:${name}:`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      TAP_RATE_LIMIT_PER_IP: '1000000000',
      TAP_RATE_LIMIT_PER_BAND: '1000000',
    }),
    { migrate: true },
  );
  const base = await cloud.listen();
  const demo = cloud.demo!;
  const trpc = async <T>(path: string, input: unknown, token?: string, method: 'GET' | 'POST' = 'POST') => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response =
      method === 'GET'
        ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
        : await fetch(`${base}/trpc/${path}`, { method, headers, body: JSON.stringify(input) });
    const body = (await response.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  const { token } = await trpc<{ token: string }>('auth.login', { email: demo.email, password: demo.password });
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  return {
    url: base,
    orgId: demo.orgId,
    eventId: demo.eventId,
    sdmMasterKeys: () =>
      trpc<{ version: number; versions: Array<{ version: number; key: string }> }>(
        'trust.sdmMasterKeys',
        { orgId: demo.orgId },
        token,
        'GET',
      ),
    /** Registers the desk's bands as its sync engine would (one push per 1,000). */
    async register(registrations: BandRegistration[]): Promise<void> {
      const clientId = randomUUID();
      for (let from = 0; from < registrations.length; from += 1000) {
        const mutations = registrations.slice(from, from + 1000).map((r, i) => ({
          mutationId: from + i + 1,
          name: 'band.register',
          args: {
            bandId: r.bandId,
            uid: r.uid.toUpperCase(),
            eventId: r.eventId,
            stationId: r.stationId,
            registeredAt: new Date(r.registeredAt).toISOString(),
            trust: r.trust,
            secretVersion: r.secretVersion,
          },
        }));
        const pushed = PushResponse.parse(await trpc<unknown>('sync.push', { clientId, mutations }, token));
        const refused = pushed.results.find((r) => r.status === 'rejected');
        if (refused) throw new Error(`registration refused: ${refused.code} ${refused.message}`);
      }
    },
    /** Taps each URL once as a phone; how many the cloud classified GENUINE. */
    async tapGenuine(urls: string[]): Promise<number> {
      const ids: string[] = [];
      for (const tapUrl of urls) {
        const response = await fetch(tapUrl, { redirect: 'manual', headers: { 'user-agent': PHONE } });
        if (response.status !== 302) throw new Error(`tap answered ${response.status}`);
        ids.push(response.headers.get('x-tap-id')!);
      }
      await cloud.taps.drain();
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from tap_log where id = any($1::uuid[]) and trust_verdict = 'GENUINE'`,
        [ids],
      );
      return rows[0]!.n;
    },
    async close(): Promise<void> {
      await db.end();
      await cloud.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
