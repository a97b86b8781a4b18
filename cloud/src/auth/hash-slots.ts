/**
 * The scrypt slots, shared fairly. A password hash takes 128 MiB and a few hundred ms, so at most
 * `concurrent` run at once; the rest wait in lanes, and a free slot goes round-robin first across purposes
 * (signing in, opening an account, changing a password), then across client IPs within a purpose. So an
 * anonymous register flood takes at most its purpose's share, and a guessing flood from a few IPs puts
 * one hash per IP ahead of a real sign-in, not the whole flood.
 *
 * Each client waits with at most `perClientWaiting` hashes, each purpose with at most `perPurposeWaiting` (so
 * a flood of one purpose from many IPs cannot fill another's queue); past either the call is refused at once
 * with RATE_LIMITED ("Busy") instead of queueing seconds of scrypt.
 */
import { DomainError } from '@sparkmotion/shared/errors';

export type HashPurpose = 'sign-in' | 'new-account' | 'account' | 'server';

/** Who asks for a hash: the purpose, and the client IP (null for in-process callers). */
export interface HashLane {
  purpose: HashPurpose;
  client: string | null;
}

export interface HashSlotsOptions {
  concurrent: number;
  perClientWaiting: number;
  perPurposeWaiting: number;
}

export class HashSlots {
  readonly #options: HashSlotsOptions;
  #running = 0;
  /** Purpose → client → waiters; Map order is the round-robin order at both levels. */
  readonly #lanes = new Map<HashPurpose, Map<string, Array<() => void>>>();
  readonly #waiting = new Map<HashPurpose, number>();

  constructor(options: HashSlotsOptions) {
    this.#options = options;
  }

  async run<T>(lane: HashLane, work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#options.concurrent) this.#running++;
    else await this.#wait(lane);
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  /** Resolves when a finishing hash hands its slot over (the running count stays as it was). */
  #wait({ purpose, client }: HashLane): Promise<void> {
    const clients = this.#lanes.get(purpose) ?? new Map<string, Array<() => void>>();
    const queue = clients.get(client ?? '') ?? [];
    const waiting = this.#waiting.get(purpose) ?? 0;
    if (queue.length >= this.#options.perClientWaiting || waiting >= this.#options.perPurposeWaiting) {
      throw new DomainError('RATE_LIMITED', 'Busy; try again in a moment');
    }
    this.#waiting.set(purpose, waiting + 1);
    clients.set(client ?? '', queue);
    this.#lanes.set(purpose, clients);
    return new Promise((resolve) => queue.push(resolve));
  }

  #release(): void {
    const next = this.#lanes.entries().next();
    if (next.done) {
      this.#running--;
      return;
    }
    const [purpose, clients] = next.value;
    const [client, queue] = clients.entries().next().value!;
    const wake = queue.shift()!;
    this.#waiting.set(purpose, this.#waiting.get(purpose)! - 1);
    // Served lanes go to the back: the next slot goes to another purpose, then another client.
    clients.delete(client);
    if (queue.length > 0) clients.set(client, queue);
    this.#lanes.delete(purpose);
    if (clients.size > 0) this.#lanes.set(purpose, clients);
    wake();
  }
}
