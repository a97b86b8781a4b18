/**
 * Slows password guessing. Every password check is counted BEFORE it runs (`attempt`), synchronously, so
 * 50 guesses sent at once are counted as 50 before the first scrypt returns; after `maxFailures` attempts
 * within `windowMs` a key is refused with RATE_LIMITED until the window has passed since the first of them.
 * A right password forgets its account's count (`succeeded`) and gives its client's attempt back.
 *
 * Keys: the account (`email:…`, guessers rotate IPs) and the client IP (`ip:…`, one guesser trying many
 * accounts; a higher limit, offices share IPs); `user:…` for `changePassword`'s current password. Per
 * process: each instance counts its own (N instances allow N times as many guesses, still far too few to
 * matter). The price: someone can hold one account's sign-in off for one window.
 *
 * A second instance counts new accounts per client IP (`auth.register`, `orgs.acceptInvite` with a password):
 * each costs a hash, so an anonymous flood of them is refused before it reaches scrypt.
 */
import { DomainError } from '@sparkmotion/shared/errors';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** What a refused caller is told; default: too many wrong passwords. */
  message?: string;
  /** Bound on tracked keys; the oldest are forgotten beyond it. */
  maxKeys?: number;
  /** Told when a key gets locked (a trip) and when an attempt is refused while locked: for metrics. */
  onLocked?: () => void;
  onRefused?: () => void;
}

interface Attempts {
  firstAt: number;
  count: number;
}

export class LoginThrottle {
  readonly #options: Required<Pick<LoginThrottleOptions, 'maxFailures' | 'windowMs' | 'maxKeys' | 'message'>> &
    LoginThrottleOptions;
  readonly #attempts = new Map<string, Attempts>();

  constructor(options: LoginThrottleOptions) {
    this.#options = { maxKeys: 100_000, message: 'Too many wrong passwords; try again later', ...options };
  }

  /**
   * Counts one password check for every key, or throws RATE_LIMITED (counting nothing) when one of them
   * is locked. `limit` per key: default `maxFailures`.
   */
  attempt(keys: ReadonlyArray<{ key: string; limit?: number }>, now: number): void {
    for (const { key, limit = this.#options.maxFailures } of keys) {
      const entry = this.#current(key, now);
      if (entry && entry.count >= limit) {
        this.#options.onRefused?.();
        const retryInSeconds = Math.ceil((entry.firstAt + this.#options.windowMs - now) / 1000);
        throw new DomainError('RATE_LIMITED', this.#options.message, { retryInSeconds });
      }
    }
    for (const { key, limit = this.#options.maxFailures } of keys) {
      let entry = this.#current(key, now);
      if (!entry) {
        if (this.#attempts.size >= this.#options.maxKeys) {
          const oldest = this.#attempts.keys().next().value;
          if (oldest !== undefined) this.#attempts.delete(oldest);
        }
        entry = { firstAt: now, count: 0 };
        this.#attempts.set(key, entry);
      }
      entry.count += 1;
      if (entry.count === limit) this.#options.onLocked?.();
    }
  }

  /** The password was right: `forget` keys start over, `refund` keys get this attempt back. */
  succeeded(forget: readonly string[], refund: readonly string[] = []): void {
    for (const key of forget) this.#attempts.delete(key);
    for (const key of refund) {
      const entry = this.#attempts.get(key);
      if (entry && entry.count > 0) entry.count -= 1;
    }
  }

  #current(key: string, now: number): Attempts | undefined {
    const entry = this.#attempts.get(key);
    if (entry && now - entry.firstAt >= this.#options.windowMs) {
      this.#attempts.delete(key);
      return undefined;
    }
    return entry;
  }
}
