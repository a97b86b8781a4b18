import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.ts';

/** `.env.example`'s `NAME=value` lines, as `docker run --env-file` or `node --env-file` would pass them. */
function envExample(): Record<string, string> {
  const text = readFileSync(resolve(import.meta.dirname, '../../.env.example'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('loadConfig', () => {
  test('defaults run one local instance with an embedded PostgreSQL and no Redis', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(config.database.url).toBeUndefined();
    expect(config.database.embeddedDir).toMatch(/\.data[/\\]postgres$/);
    expect(config.redis).toMatchObject({ url: undefined, cluster: false });
    expect(config.hubBaseUrl).toBe('http://localhost:3000');
    expect(config.seedDemo).toBe(true);
  });

  test('HUB_BASE_URL defaults to the port, and loses a trailing slash when given', () => {
    expect(loadConfig({ PORT: '8080' }).hubBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HUB_BASE_URL: 'https://t.example.com/' }).hubBaseUrl).toBe('https://t.example.com');
  });

  test('empty DATABASE_URL and REDIS_URL mean unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '' });
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
  });

  test('REDIS_CLUSTER=true makes REDIS_URL one node of a Redis Cluster', () => {
    const config = loadConfig({ REDIS_URL: 'redis://node-1:6379', REDIS_CLUSTER: 'true' });
    expect(config.redis).toMatchObject({ url: 'redis://node-1:6379', cluster: true });
  });

  test('DATABASE_READ_REPLICA_URLS is a comma-separated list of URLs, empty by default', () => {
    expect(loadConfig({}).database.replicaUrls).toEqual([]);
    expect(
      loadConfig({ DATABASE_READ_REPLICA_URLS: 'postgres://r1/db, postgres://r2/db' }).database.replicaUrls,
    ).toEqual(['postgres://r1/db', 'postgres://r2/db']);
  });

  test('SECRETS_KEYS gives the keyring, its first key current; unset falls back to the development key', () => {
    const a = Buffer.alloc(32, 7);
    const b = Buffer.alloc(32, 9);
    const { secrets } = loadConfig({ SECRETS_KEYS: `new:${a.toString('base64')}, old:${b.toString('base64')}` });
    expect(secrets.development).toBe(false);
    expect(secrets.keyring.currentId).toBe('new');
    expect([...secrets.keyring.keys.keys()]).toEqual(['new', 'old']);
    expect(secrets.keyring.keys.get('old')?.equals(b)).toBe(true);
    expect(loadConfig({}).secrets).toMatchObject({ development: true, keyring: { currentId: 'development' } });
  });

  test('SENTRY_DSN turns error reporting on; unset or empty it stays off', () => {
    expect(loadConfig({}).errorReporting).toBeUndefined();
    expect(loadConfig({ SENTRY_DSN: '' }).errorReporting).toBeUndefined();
    expect(
      loadConfig({ SENTRY_DSN: 'https://k@errors.example.com/5', SENTRY_ENVIRONMENT: 'staging' }).errorReporting,
    ).toEqual({
      dsn: {
        dsn: 'https://k@errors.example.com/5',
        publicKey: 'k',
        envelopeUrl: 'https://errors.example.com/api/5/envelope/',
      },
      environment: 'staging',
      release: 'sparkmotion@0.1.0',
    });
  });

  test('.env.example names every variable the cloud reads, and nothing else', () => {
    expect(Object.keys(envExample()).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  test('.env.example passed as it stands (empty values included) gives the defaults', () => {
    expect(loadConfig(envExample())).toEqual(loadConfig({}));
  });

  test('an empty SECRETS_KEYS means unset: the development key, with the warning', () => {
    expect(loadConfig({ SECRETS_KEYS: '' }).secrets).toEqual(loadConfig({}).secrets);
    expect(loadConfig({ SECRETS_KEYS: '' }).secrets.development).toBe(true);
  });

  test('the result is frozen all the way down', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  test.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_READ_REPLICA_URLS', 'postgres://r1/db,not a url'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    ['REDIS_CLUSTER', 'yes'],
    ['SECRETS_KEYS', 'k1:c2hvcnQ='],
    ['SECRETS_KEYS', `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`],
    ['SECRETS_KEYS', Buffer.alloc(32).toString('base64')],
    ['SENTRY_DSN', 'https://errors.example.com/5'],
  ])('a bad %s (%s) stops with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
