import type { RedisClient } from '../redis/redis-client.ts';

/**
 * The per-band "last tap counter seen", advanced atomically: of two taps carrying the same
 * counter, exactly one passes (GENUINE) and the other is REPLAYED, however many cloud instances
 * answer them. Redis holds the live value (one Lua script, so compare and set are one step);
 * PostgreSQL keeps the record, which the caller hands in as `floor` so that a Redis that lost the
 * key (restart, eviction, expiry) does not let an old URL pass again.
 *
 * Without Redis (a single instance), `memoryCounterGate` gives the same semantics in process.
 */
export interface CounterGate {
  /**
   * True when `counter` is greater than both the last counter seen for `bandKey` and `floor`;
   * it then becomes the last seen. False (nothing changes) otherwise.
   */
  advance(bandKey: string, counter: number, floor?: number | null): Promise<boolean>;
}

const ADVANCE_LUA = `
local last = tonumber(redis.call('GET', KEYS[1]))
local floor = tonumber(ARGV[2])
if floor ~= nil and (last == nil or floor > last) then last = floor end
if last ~= nil and tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
`;

const COMMAND = 'smTrustAdvanceCounter';
type WithAdvance = { [COMMAND](key: string, counter: string, floor: string, ttl: string): Promise<number> };

/** Keys live `ttlSeconds` (default 90 days) after their last advance; the record outlives them. */
export function redisCounterGate(
  redis: RedisClient,
  options: { ttlSeconds?: number; keyPrefix?: string } = {},
): CounterGate {
  const ttl = String(options.ttlSeconds ?? 90 * 24 * 3600);
  const prefix = options.keyPrefix ?? 'trust:ctr:';
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: ADVANCE_LUA, numberOfKeys: 1 });
  const client = redis as unknown as WithAdvance;
  return {
    async advance(bandKey, counter, floor) {
      assertCounter(counter);
      const passed = await client[COMMAND](
        `${prefix}${bandKey}`,
        String(counter),
        floor == null ? '' : String(floor),
        ttl,
      );
      return passed === 1;
    },
  };
}

export function memoryCounterGate(): CounterGate {
  const last = new Map<string, number>();
  return {
    async advance(bandKey, counter, floor) {
      assertCounter(counter);
      const seen = Math.max(last.get(bandKey) ?? -1, floor ?? -1);
      if (counter <= seen) return false;
      last.set(bandKey, counter);
      return true;
    },
  };
}

function assertCounter(counter: number): void {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffff)
    throw new RangeError('a tap counter has 24 bits');
}
