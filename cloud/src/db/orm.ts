/**
 * The cloud's MikroORM (PostgreSQL). `createOrm` connects; `migrateUp` applies the checked-in migrations of
 * `db/migrations/` (hand-written, one file per change, no snapshot).
 */
import { fileURLToPath } from 'node:url';
import type { EntitySchema } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import { coreEntities } from './entities.ts';

export type Orm = MikroORM;
export type { EntityManager } from '@mikro-orm/postgresql';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OrmOptions {
  url: string;
  /** Read replicas: reads through `em.getConnection('read')` (analytics) are spread over them. */
  replicaUrls?: readonly string[];
  /** Entities of features beyond the core (their tables come from their own migrations). */
  extraEntities?: readonly EntitySchema[];
  poolMax?: number;
  debug?: boolean;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    replicas: (options.replicaUrls ?? []).map((clientUrl, i) => ({ name: `read-${i + 1}`, clientUrl })),
    entities: [...coreEntities, ...(options.extraEntities ?? [])],
    extensions: [Migrator],
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    preferTs: true,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d|*.test).{js,ts}',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    findOneOrFailHandler: (entityName) => new DomainError('NOT_FOUND', `${entityName} not found`),
    findExactlyOneOrFailHandler: (entityName) => new DomainError('NOT_FOUND', `${entityName} not found`),
  };
}

export function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options));
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
