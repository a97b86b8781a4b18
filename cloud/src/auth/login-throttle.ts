/**
 * Slows password guessing: after `maxFailures` wrong passwords for one email within `windowMs`, that email's
 * sign-in is refused with RATE_LIMITED until the window has passed since the first of them. Per process (each
 * instance counts its own; N instances allow N times as many guesses, still far too few to matter).
 * Keyed by email, not IP, because guessers rotate IPs; the price is that someone can hold a sign-in off for
 * one window, which the right password after the window always ends.
 */
import { DomainError } from '@sparkmotion/shared/errors';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Bound on tracked emails; the oldest are forgotten beyond it. */
  maxKeys?: number;
  /** Told when an email gets locked (a trip) and when a sign-in is refused while locked: for metrics. */
  onLocked?: () => void;
  onRefused?: () => void;
}

interface Failures {
  firstAt: number;
  count: number;
}

export class LoginThrottle {
  readonly #options: Required<Pick<LoginThrottleOptions, 'maxFailures' | 'windowMs' | 'maxKeys'>> &
    LoginThrottleOptions;
  readonly #failures = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions) {
    this.#options = { maxKeys: 100_000, ...options };
  }

  /** Throws RATE_LIMITED while the email is locked. */
  check(email: string, now: number): void {
    const entry = this.#current(email, now);
    if (entry && entry.count >= this.#options.maxFailures) {
      this.#options.onRefused?.();
      const retryInSeconds = Math.ceil((entry.firstAt + this.#options.windowMs - now) / 1000);
      throw new DomainError('RATE_LIMITED', 'Too many wrong passwords; try again later', { retryInSeconds });
    }
  }

  recordFailure(email: string, now: number): void {
    let entry = this.#current(email, now);
    if (!entry) {
      if (this.#failures.size >= this.#options.maxKeys) {
        const oldest = this.#failures.keys().next().value;
        if (oldest !== undefined) this.#failures.delete(oldest);
      }
      entry = { firstAt: now, count: 0 };
      this.#failures.set(email, entry);
    }
    entry.count += 1;
    if (entry.count === this.#options.maxFailures) this.#options.onLocked?.();
  }

  recordSuccess(email: string): void {
    this.#failures.delete(email);
  }

  #current(email: string, now: number): Failures | undefined {
    const entry = this.#failures.get(email);
    if (entry && now - entry.firstAt >= this.#options.windowMs) {
      this.#failures.delete(email);
      return undefined;
    }
    return entry;
  }
}
