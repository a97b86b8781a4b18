import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { loadConfig } from '../config.ts';
import { createOrm, type Orm } from './orm.ts';

let primary: TestDatabase;
let replica: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const config = loadConfig({ DATABASE_URL: primary.url, DATABASE_READ_REPLICA_URLS: replica.url });
  orm = await createOrm({ url: config.database.url!, replicaUrls: config.database.replicaUrls });
});

afterAll(async () => {
  await orm?.close();
  await Promise.all([primary?.drop(), replica?.drop()]);
});

const databaseOf = async (type: 'read' | 'write') =>
  (await orm.em.getConnection(type).execute<{ name: string }[]>('select current_database() as name'))[0]!.name;

test('reads on the read connection go to the configured replica, writes stay on the primary', async () => {
  expect(await databaseOf('read')).toBe(replica.name);
  expect(await databaseOf('write')).toBe(primary.name);
});
