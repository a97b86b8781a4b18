import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedisCluster, type TestRedisCluster } from '../../../test/redis-cluster.ts';
import { PHONE_USER_AGENT, startTestCloud, type TestCloud } from '../../test/support/index.ts';
import { LiveCounters } from '../taps/live-counters.ts';
import { redisCounterGate } from '../trust/counter-gate.ts';
import { connectRedis, type RedisClient } from './redis-client.ts';

let cluster: TestRedisCluster;
let redis: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = (await connectRedis({ url: cluster.url, cluster: true, keyPrefix: 'sm:' }, pino({ level: 'silent' })))!;
}, 30_000);
afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

/** Events whose keys fall on different masters: a pipeline across them would be refused. */
async function eventsOnDifferentNodes(count: number): Promise<string[]> {
  // CLUSTER SLOTS: [first slot, last slot, [host, port, node id], …] per range.
  const ranges = (await redis.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
  const nodeOf = async (id: string) => {
    const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', `{${id}}`));
    return ranges.find(([first, last]) => first <= slot && slot <= last)![2][2];
  };
  const byNode = new Map<string, string>();
  while (byNode.size < count) {
    const id = randomUUID();
    byNode.set(await nodeOf(id), id);
  }
  return [...byNode.values()];
}

describe('on a Redis Cluster', () => {
  test('live counters of several events in one landed batch, read back per event', async () => {
    const counters = new LiveCounters(redis, 'sm:');
    const [a, b, c] = await eventsOnDifferentNodes(3);
    const at = Date.parse('2026-07-01T12:00:30Z');
    const tap = (eventId: string, bandId: string, extra: object = {}) => ({
      eventId,
      bandId,
      at,
      bucket: 'LIVE',
      isBot: false,
      limited: false,
      ...extra,
    });
    await counters.record([
      tap(a!, 'A1'),
      tap(b!, 'B1'),
      tap(a!, 'A2'),
      tap(c!, 'C1', { isBot: true }),
      tap(b!, 'B1', { at: at + 60_000, bucket: 'POST' }),
    ]);

    const now = at + 60_000;
    const totals = async (eventId: string) => {
      const live = await counters.lastMinutes(eventId, now, 2);
      return { counts: live.minutes.map((m) => m.counts), unique: live.uniqueBands };
    };
    expect(await totals(a!)).toEqual({ counts: [{ LIVE: 2 }, {}], unique: 2 });
    expect(await totals(b!)).toEqual({ counts: [{ LIVE: 1 }, { POST: 1 }], unique: 1 });
    expect(await totals(c!)).toEqual({ counts: [{ bot: 1 }, {}], unique: 0 });
  });

  test('the tap counter gate lets a counter pass once', async () => {
    const gate = redisCounterGate(redis, { keyPrefix: 'sm:trust:ctr:' });
    const band = randomUUID();
    expect(await gate.advance(band, 7)).toBe('ADVANCED');
    expect(await gate.advance(band, 7)).toBe('NOT_ADVANCED');
    expect(await gate.advance(band, 8)).toBe('ADVANCED');
  });

  describe('a cloud configured with REDIS_CLUSTER=true', () => {
    let tc: TestCloud;
    beforeAll(async () => {
      tc = await startTestCloud({ env: { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' } });
    });
    afterAll(() => tc?.close());

    test('redirects, caches bands in the cluster, counts live taps and reports ready', async () => {
      const bandId = tc.demo.bandIds[0]!;
      const response = await fetch(`${tc.url}/e?bandId=${bandId}`, {
        redirect: 'manual',
        headers: { 'user-agent': PHONE_USER_AGENT },
      });
      expect(response.status).toBe(302);
      await tc.cloud.taps.drain();

      const prefix = tc.config.redis.keyPrefix;
      await expect.poll(() => redis.exists(`${prefix}band:${bandId}`)).toBe(1);
      const live = await tc.client.analytics.live.query({ orgId: tc.demo.orgId, eventId: tc.demo.eventId });
      expect(live.source).toBe('redis');
      expect(live.minutes.reduce((sum, m) => sum + Object.values(m.counts).reduce((s, n) => s + n, 0), 0)).toBe(1);
      expect(live.uniqueBands).toBe(1);
      expect(await (await fetch(`${tc.url}/readyz`)).json()).toMatchObject({ checks: { redis: 'ok' } });
    });
  });
});
