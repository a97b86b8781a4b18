/**
 * Push: applies a client's mutations exactly once. The batch runs in one transaction that locks the
 * client's row; each mutation runs in a savepoint, so a rejected one leaves no trace while the others
 * stand. A mutation id at or below the client's last processed id is a replay: nothing is applied
 * again and the answer is the recorded outcome, kept a while after the client has let the mutation go.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, isDomainError } from '@sparkmotion/shared/errors';
import { type Mutation, parseMutation } from '@sparkmotion/shared/sync/mutations';
import type { MutationResult, PushRequest, PushResponse } from '@sparkmotion/shared/sync/protocol';
import { z } from 'zod';
import { domainErrorOfDb } from '../db/errors.ts';
import type { Context, SessionUser } from '../trpc/context.ts';

/** Applies one mutation through the feature's own services; returns a message when it transformed it. */
export type MutationHandler = (
  ctx: Context & { session: SessionUser },
  mutation: Mutation,
) => Promise<string | undefined>;

export type BatchHandler = (
  ctx: Context & { session: SessionUser },
  mutations: Mutation[],
) => Promise<Array<{ ok: true; transformed?: string } | { ok: false; error: DomainError }>>;

/** How long a recorded outcome outlives the replica's moving past it. */
const OUTCOMES_KEPT_DAYS = 30;

export async function push(
  ctx: Context & { session: SessionUser },
  input: PushRequest,
  handlers: { one: MutationHandler; batch?: Partial<Record<Mutation['name'], BatchHandler>> },
): Promise<PushResponse> {
  return ctx.em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const trx = () => tx.getTransactionContext();
    const exec = <T>(sql: string, params: unknown[]) => conn.execute<T[]>(sql, params, 'all', trx());
    await exec('insert into sync_clients (client_id, user_id) values (?, ?) on conflict (client_id) do nothing', [
      input.clientId,
      ctx.session.userId,
    ]);
    const [client] = await exec<{ user_id: string; last: string }>(
      'select user_id, last_mutation_id::text as last from sync_clients where client_id = ? for update',
      [input.clientId],
    );
    if (!client || client.user_id !== ctx.session.userId) {
      throw new DomainError('FORBIDDEN', 'This sync client belongs to another user; sign in again to start afresh.');
    }
    let last = Number(client.last);
    const results: MutationResult[] = [];
    const sorted = [...input.mutations].sort((a, b) => a.mutationId - b.mutationId);
    // A replica pushes its outbox oldest first, so it has let go of every mutation below the first id it
    // sends. Only a copy of it restored from a backup could still ask, so outcomes also stay a while.
    if (sorted.length > 0) {
      await exec(
        `delete from sync_mutation_results where client_id = ? and mutation_id < ? and created_at < now() - interval '${OUTCOMES_KEPT_DAYS} days'`,
        [input.clientId, sorted[0]!.mutationId],
      );
    }

    const replayed = sorted.filter((m) => m.mutationId <= last).map((m) => m.mutationId);
    if (replayed.length > 0) {
      const recorded = await exec<{ mutation_id: string; status: string; code: string | null; message: string }>(
        'select mutation_id::text as mutation_id, status, code, message from sync_mutation_results where client_id = ? and mutation_id in (select jsonb_array_elements_text(?::jsonb)::bigint)',
        [input.clientId, JSON.stringify(replayed)],
      );
      const byId = new Map(recorded.map((r) => [Number(r.mutation_id), r]));
      for (const id of replayed) {
        const r = byId.get(id);
        if (!r) results.push({ mutationId: id, status: 'applied' });
        else if (r.status === 'rejected') {
          results.push({ mutationId: id, status: 'rejected', code: r.code as never, message: r.message });
        } else results.push({ mutationId: id, status: 'transformed', message: r.message });
      }
    }

    const fresh = sorted.filter((m) => m.mutationId > last);
    let i = 0;
    while (i < fresh.length) {
      const raw = fresh[i]!;
      // Ids grow by one per mutation; a gap means earlier ones are missing, so stop and let the client resend.
      if (raw.mutationId !== last + 1) break;
      let mutation: Mutation;
      try {
        mutation = parseMutation(raw);
      } catch (error) {
        await record(raw.mutationId, { ok: false, error: asDomainError(error) });
        i += 1;
        continue;
      }
      const batchHandler = handlers.batch?.[mutation.name];
      if (batchHandler) {
        // A run of consecutive mutations of one kind goes through its bulk path (e.g. band registrations).
        const run: Mutation[] = [mutation];
        while (i + run.length < fresh.length) {
          const next = fresh[i + run.length]!;
          if (next.name !== mutation.name || next.mutationId !== mutation.mutationId + run.length) break;
          const parsed = safeParse(next);
          if (!parsed) break;
          run.push(parsed);
        }
        const outcomes = await batchHandler({ ...ctx, em: tx }, run);
        for (let k = 0; k < run.length; k++) await record(run[k]!.mutationId, outcomes[k]!);
        i += run.length;
        continue;
      }
      const outcome = await savepoint(tx, (em) => handlers.one({ ...ctx, em }, mutation));
      await record(mutation.mutationId, outcome);
      i += 1;
    }
    await exec('update sync_clients set last_mutation_id = ?, updated_at = now() where client_id = ?', [
      last,
      input.clientId,
    ]);
    results.sort((a, b) => a.mutationId - b.mutationId);
    return { lastMutationId: last, results };

    async function record(
      mutationId: number,
      outcome: { ok: true; transformed?: string } | { ok: false; error: DomainError },
    ) {
      last = mutationId;
      if (outcome.ok && !outcome.transformed) {
        results.push({ mutationId, status: 'applied' });
        return;
      }
      const result: MutationResult = outcome.ok
        ? { mutationId, status: 'transformed', message: outcome.transformed! }
        : { mutationId, status: 'rejected', code: outcome.error.code, message: outcome.error.message };
      results.push(result);
      await exec(
        'insert into sync_mutation_results (client_id, mutation_id, status, code, message) values (?, ?, ?, ?, ?) on conflict do nothing',
        [input.clientId, mutationId, result.status, result.status === 'rejected' ? result.code : null, result.message],
      );
    }
  });
}

/** Runs one mutation in a savepoint on a clean identity map; a domain error rolls back just this one. */
async function savepoint(
  tx: EntityManager,
  work: (em: EntityManager) => Promise<string | undefined>,
): Promise<{ ok: true; transformed?: string } | { ok: false; error: DomainError }> {
  const em = tx.fork({ clear: true, keepTransactionContext: true }) as EntityManager;
  try {
    const transformed = await em.transactional((sub) => work(sub as EntityManager));
    return transformed ? { ok: true, transformed } : { ok: true };
  } catch (error) {
    const domain = asDomainError(error);
    if (domain.code === 'INTERNAL') throw error;
    return { ok: false, error: domain };
  }
}

function safeParse(raw: { mutationId: number; name: string; args: unknown }): Mutation | null {
  try {
    return parseMutation(raw);
  } catch {
    return null;
  }
}

/** Refusals the user can act on become rejections; anything else aborts the batch (and is retried). */
export function asDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (isDomainError(cause)) return cause;
  const db = domainErrorOfDb(error);
  if (db) return db;
  if (error instanceof z.ZodError || cause instanceof z.ZodError) {
    const issues = (error instanceof z.ZodError ? error : (cause as z.ZodError)).issues;
    return new DomainError('BAD_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return new DomainError('INTERNAL', error instanceof Error ? error.message : String(error));
}
