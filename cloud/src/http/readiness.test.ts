import { describe, expect, test } from 'vitest';
import { createReadiness } from './readiness.ts';

const up = async () => 'PONG';
const down = async () => {
  throw new Error('ECONNREFUSED');
};

describe('readiness', () => {
  test.each([
    ['everything answers', true, up, up, { ready: true, degraded: [] }],
    ['Redis is down', true, up, down, { ready: true, degraded: ['redis'] }],
    ['PostgreSQL is down', true, down, up, { ready: true, degraded: ['postgres'] }],
    ['both are down', true, down, down, { ready: true, degraded: ['postgres', 'redis'] }],
    ['the local tap log refuses writes', false, up, up, { ready: false, degraded: [] }],
  ])('when %s: %o', async (_name, writable, postgres, redis, expected) => {
    const check = createReadiness({ tapLogWritable: () => writable, postgres, redis });
    expect(await check()).toMatchObject(expected);
  });
});
