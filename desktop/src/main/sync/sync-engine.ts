/**
 * The sync engine: pushes the outbox and pulls the server's changes, on a timer, on connectivity
 * change and soon after every local mutation. It never drops the outbox: on failure it backs off
 * (exponential, jittered); when the session expires it keeps queuing and asks for a new sign-in.
 */
import { DomainError, type ErrorCode } from '@sparkmotion/shared/errors';
import { MAX_PUSH_BATCH } from '@sparkmotion/shared/sync/protocol';
import { backoffDelay } from '@sparkmotion/shared/sync/rules';
import type { LocalStore } from '../store/local-store.ts';
import { classifyFailure, type SyncTransport } from './transport.ts';

export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'needs-sign-in' | 'error' | 'stopped';

export type SyncState = {
  status: SyncStatus;
  /** False while the network (or the cloud) is unreachable. */
  online: boolean;
  pending: number;
  /** Rejected mutations the user has not dismissed. */
  rejections: number;
  /** The newest of them, with the reason to show (dismiss through `store.dismissRejection`). */
  latestRejections: Array<{ id: number; name: string; code: string; message: string; rejectedAt: string }>;
  lastSyncAt: string | null;
  lastError: { code: ErrorCode | string; message: string } | null;
  /** When the next automatic attempt is due (ISO), if one is scheduled. */
  nextAttemptAt: string | null;
};

export type SyncEngineOptions = {
  store: LocalStore;
  transport: SyncTransport;
  /** Period of the background sync when all is well. */
  intervalMs?: number;
  /** Delay between a local mutation and the push it triggers, to batch a burst of taps. */
  debounceMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  batchSize?: number;
  pullLimit?: number;
  now?: () => Date;
  random?: () => number;
};

export interface SyncEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One full push-then-pull cycle now (joins the one already running). Resolves with the state after it. */
  syncNow(): Promise<SyncState>;
  /** From the OS's connectivity events: going online syncs at once; going offline stops trying until then. */
  setOnline(online: boolean): void;
  /** Call after a fresh sign-in: clears the sign-in request and syncs. */
  signedIn(): void;
  state(): SyncState;
  subscribe(listener: (state: SyncState) => void): () => void;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, transport } = options;
  const intervalMs = options.intervalMs ?? 15_000;
  const debounceMs = options.debounceMs ?? 200;
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const batchSize = Math.min(options.batchSize ?? 500, MAX_PUSH_BATCH);
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;

  const listeners = new Set<(state: SyncState) => void>();
  let state: SyncState = {
    status: 'stopped',
    online: true,
    pending: 0,
    rejections: 0,
    latestRejections: [],
    lastSyncAt: null,
    lastError: null,
    nextAttemptAt: null,
  };
  let running: Promise<SyncState> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let started = false;
  let unsubscribeStore: (() => void) | null = null;

  const set = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const schedule = (delayMs: number) => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!started) return;
    timer = setTimeout(() => {
      timer = null;
      void syncNow();
    }, delayMs);
    timer.unref?.();
    set({ nextAttemptAt: new Date(now().getTime() + delayMs).toISOString() });
  };

  const refreshCounts = async () => {
    const rejections = await store.rejections();
    set({
      pending: await store.pendingCount(),
      rejections: rejections.length,
      latestRejections: rejections
        .slice(0, 5)
        .map(({ id, name, code, message, rejectedAt }) => ({ id, name, code, message, rejectedAt })),
    });
  };

  /** A replica belongs to one account: a different sign-in starts over, unless changes are still pending. */
  async function checkAccount(): Promise<void> {
    const account = await transport.account?.();
    if (!account) return;
    const known = await store.getMeta('account');
    if (known && known !== account) {
      if ((await store.pendingCount()) > 0) {
        const who = known.split(' ').at(-1);
        throw new DomainError(
          'UNAUTHENTICATED',
          `Changes made as ${who} are not synced yet: sign in as ${who} to send them.`,
        );
      }
      await store.startOver();
    }
    if (known !== account) await store.setMeta('account', account);
  }

  async function cycle(): Promise<void> {
    await checkAccount();
    // Push until the outbox is empty: mutations queued meanwhile go in the next batch.
    for (;;) {
      const batch = await store.pendingMutations(batchSize);
      if (batch.length === 0) break;
      const response = await transport.push({ clientId: store.clientId, mutations: batch });
      if (response.lastMutationId < batch[0]!.mutationId) {
        throw Object.assign(new Error('The cloud did not process the batch.'), { data: { code: 'INTERNAL' } });
      }
      await store.settlePush(batch, response);
      set({ pending: await store.pendingCount() });
    }
    for (;;) {
      const page = await transport.pull({
        clientId: store.clientId,
        cursor: await store.cursor(),
        limit: options.pullLimit ?? 5000,
      });
      await store.applyPull(page);
      if (!page.hasMore) break;
    }
  }

  async function runOnce(): Promise<SyncState> {
    if (state.status === 'needs-sign-in') return state;
    set({ status: 'syncing' });
    try {
      await cycle();
      failures = 0;
      await store.setMeta('lastSyncAt', now().toISOString());
      set({ status: 'idle', online: true, lastSyncAt: now().toISOString(), lastError: null });
      await refreshCounts();
      schedule(intervalMs);
    } catch (error) {
      const failure = classifyFailure(error);
      await refreshCounts().catch(() => {});
      if (failure.kind === 'auth') {
        // Keep everything queued; nothing is retried until the user signs in again.
        if (timer) clearTimeout(timer);
        timer = null;
        set({
          status: 'needs-sign-in',
          lastError: { code: failure.code, message: failure.message },
          nextAttemptAt: null,
        });
      } else {
        failures += 1;
        set({
          status: failure.kind === 'offline' ? 'offline' : 'error',
          online: failure.kind !== 'offline',
          lastError: { code: failure.code, message: failure.message },
        });
        schedule(backoffDelay(failures - 1, backoff, random()));
      }
    }
    return state;
  }

  function syncNow(): Promise<SyncState> {
    if (!running) {
      running = (async () => {
        try {
          let result = await runOnce();
          while (again && started) {
            again = false;
            result = await runOnce();
          }
          return result;
        } finally {
          running = null;
        }
      })();
    } else {
      again = true;
    }
    return running;
  }

  return {
    async start() {
      if (started) return;
      started = true;
      const lastSyncAt = (await store.getMeta('lastSyncAt')) ?? null;
      set({ status: 'idle', lastSyncAt });
      await refreshCounts();
      unsubscribeStore = store.onChange((change) => {
        if (change.kind !== 'mutated') {
          if (state.status !== 'syncing') void refreshCounts();
          return;
        }
        void refreshCounts();
        if (state.online && state.status !== 'needs-sign-in' && state.status !== 'syncing') schedule(debounceMs);
        else if (state.status === 'syncing') again = true;
      });
      schedule(0);
    },
    async stop() {
      started = false;
      again = false;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribeStore?.();
      unsubscribeStore = null;
      await running;
      set({ status: 'stopped', nextAttemptAt: null });
    },
    syncNow,
    setOnline(online) {
      if (online === state.online) return;
      set({ online, status: online ? state.status : state.status === 'needs-sign-in' ? state.status : 'offline' });
      if (online) {
        failures = 0;
        schedule(0);
      } else if (timer) {
        clearTimeout(timer);
        timer = null;
        set({ nextAttemptAt: null });
      }
    },
    signedIn() {
      if (state.status === 'needs-sign-in') set({ status: 'idle', lastError: null });
      failures = 0;
      schedule(0);
    },
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
