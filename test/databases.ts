/**
 * Per-test-file isolation on the shared servers: a database of its own (optionally cloned from a
 * template that already holds the schema) and a Redis key prefix of its own.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `sm_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}${options.template ? ` template ${options.template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A Redis key prefix no other test file uses. */
export function testRedisPrefix(): string {
  return `smtest:${randomBytes(4).toString('hex')}:`;
}

/**
 * A Redis client on the test Redis whose keys all carry a prefix of this file's own; the file's keys are
 * deleted and the client closed after its tests.
 */
export function testRedis(): { redis: Redis; prefix: string } {
  const prefix = testRedisPrefix();
  const redis = new Redis(inject('redisUrl'), { keyPrefix: prefix });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
    redis.disconnect();
  });
  return { redis, prefix };
}
