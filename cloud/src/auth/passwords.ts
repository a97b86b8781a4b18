/**
 * Password hashing with Node's own scrypt (memory-hard; no native addon), at OWASP's current parameters
 * (N=2^17, r=8, p=1: 128 MiB and a few hundred ms per hash). Stored as
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` so the cost can grow without breaking old hashes:
 * `needsRehash` tells sign-in to store a hash made before at the current cost.
 *
 * Every hash takes a slot of `SLOTS` (hash-slots.ts): two run at once (each takes 128 MiB), waiting ones are
 * served fairly by purpose and client, and a flood gets RATE_LIMITED at once instead of queueing a real
 * sign-in behind seconds of scrypt.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { type HashLane, HashSlots } from './hash-slots.ts';

const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SLOTS = new HashSlots({ concurrent: 2, perClientWaiting: 2, perPurposeWaiting: 32 });
/** The server's own hashes (the demo seed, the dummy hash). */
export const SERVER_LANE: HashLane = { purpose: 'server', client: null };

function derive(password: string, salt: Buffer, options: ScryptOptions, lane: HashLane): Promise<Buffer> {
  return SLOTS.run(
    lane,
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string, lane: HashLane): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, lane);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string, lane: HashLane): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, lane);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True for a hash made at a lower cost than today's: sign-in then stores a new one. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < COST.N || Number(r) < COST.r || Number(p) < COST.p;
}

/** A hash of nothing, to spend the same time when the email is unknown (no user enumeration by timing). */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'), SERVER_LANE);
