import { Redis } from 'ioredis';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { createTestDatabase } from '../../test/databases.ts';

test('a test file gets its own database on the real PostgreSQL and reaches the real Redis', async () => {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query('select current_database() as name');
  await client.end();
  await db.drop();
  expect(rows[0].name).toBe(db.name);

  const redis = new Redis(inject('redisUrl'));
  expect(await redis.ping()).toBe('PONG');
  redis.disconnect();
});
