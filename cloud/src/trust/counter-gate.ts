import type { RedisClient } from '../redis/redis-client.ts';
import { type CounterState, type CounterStep, MAX_COUNTER_STEP, stepCounter } from './tap-trust.ts';

/**
 * The per-band "last tap counter seen", advanced atomically: of two taps carrying the same
 * counter, exactly one passes (GENUINE) and the other is REPLAYED, however many cloud instances
 * answer them. A counter too far ahead does not move it by itself (`stepCounter`, docs/tap-trust.md). Redis holds the
 * live value (one Lua script, so compare and set are one step);
 * PostgreSQL keeps the record, which the caller hands in as `floor` so that a Redis that lost the
 * key (restart, eviction, expiry) does not let an old URL pass again.
 *
 * Without Redis (a single instance), `memoryCounterGate` gives the same semantics in process.
 */
export interface CounterGate {
  /**
   * `stepCounter` on the band's state, the last seen being the greater of what the gate holds for
   * `bandKey` and `floor` (the record); `maxStep` null: no bound on a jump (authenticated counters).
   */
  advance(bandKey: string, counter: number, floor?: number | null, maxStep?: number | null): Promise<CounterStep>;
  /** Forgets the band's state (the organizer's reset; the record in PostgreSQL is the caller's to clear). */
  reset(bandKey: string): Promise<void>;
}

/** `stepCounter` in one atomic step. The state is a hash: `last` and `pending`. */
const ADVANCE_LUA = `
local state = redis.call('HMGET', KEYS[1], 'last', 'pending')
local last = tonumber(state[1])
local pending = tonumber(state[2])
local floor = tonumber(ARGV[2])
local counter = tonumber(ARGV[1])
local maxStep = tonumber(ARGV[4])
if floor ~= nil and (last == nil or floor > last) then last = floor end
if last ~= nil and counter <= last then return 0 end
local inReach = maxStep == nil or counter - (last or 0) <= maxStep
local confirms = last == nil and pending ~= nil and maxStep ~= nil and counter > pending and counter - pending <= maxStep
if inReach or confirms then
  redis.call('HSET', KEYS[1], 'last', counter)
  redis.call('HDEL', KEYS[1], 'pending')
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
if last == nil then redis.call('HSET', KEYS[1], 'pending', counter) else redis.call('HDEL', KEYS[1], 'pending') end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 2
`;

const STEPS: readonly CounterStep[] = ['NOT_ADVANCED', 'ADVANCED', 'JUMPED'];

const COMMAND = 'smTrustStepCounter';
type WithAdvance = {
  [COMMAND](key: string, counter: string, floor: string, ttl: string, maxStep: string): Promise<number>;
};

/** Keys live `ttlSeconds` (default 90 days) after their last advance; the record outlives them. */
export function redisCounterGate(
  redis: RedisClient,
  options: { ttlSeconds?: number; keyPrefix?: string } = {},
): CounterGate {
  const ttl = String(options.ttlSeconds ?? 90 * 24 * 3600);
  // A hash now (last + pending); the plain values of before are left to expire, the record is the floor.
  const prefix = `${options.keyPrefix ?? 'trust:ctr:'}h:`;
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: ADVANCE_LUA, numberOfKeys: 1 });
  const client = redis as unknown as WithAdvance;
  return {
    async advance(bandKey, counter, floor, maxStep = MAX_COUNTER_STEP) {
      assertCounter(counter);
      const step = await client[COMMAND](
        `${prefix}${bandKey}`,
        String(counter),
        floor == null ? '' : String(floor),
        ttl,
        maxStep === null ? '' : String(maxStep),
      );
      return STEPS[step]!;
    },
    async reset(bandKey) {
      await redis.del(`${prefix}${bandKey}`);
    },
  };
}

export function memoryCounterGate(): CounterGate {
  const states = new Map<string, CounterState>();
  return {
    async advance(bandKey, counter, floor, maxStep = MAX_COUNTER_STEP) {
      assertCounter(counter);
      const held = states.get(bandKey) ?? { last: null, pending: null };
      const last = floor != null && (held.last === null || floor > held.last) ? floor : held.last;
      const { step, next } = stepCounter({ last, pending: held.pending }, counter, maxStep);
      states.set(bandKey, next);
      return step;
    },
    async reset(bandKey) {
      states.delete(bandKey);
    },
  };
}

function assertCounter(counter: number): void {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffff)
    throw new RangeError('a tap counter has 24 bits');
}
