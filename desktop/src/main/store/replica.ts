/**
 * The replica's side of sync, inside one store transaction each: what a pull page and a push answer do
 * to the view, the outbox and `server_row`, and the rebase that keeps the view "server state + pending
 * mutations". `LocalStore` runs these in its transactions and tells its listeners.
 */
import type { AttendeeFields } from '@sparkmotion/shared/bands/attendee-privacy';
import { DomainError } from '@sparkmotion/shared/errors';
import { type Mutation, mutationKeys, parseMutation } from '@sparkmotion/shared/sync/mutations';
import type { PullResponse, PushResponse, SyncEntity } from '@sparkmotion/shared/sync/protocol';
import type { settlePush } from '@sparkmotion/shared/sync/rules';
import { z } from 'zod';
import { applyMutation, attendeeSearch, clearView, deleteRow, type Tx, writeRow } from './view.ts';

type OutboxRow = { mutation_id: number; name: string; args: string };
type Sent = { mutationId: number; name: string; args: unknown };

/**
 * Records the rejections of a push answer with their reason, drops what the server processed from the
 * outbox, and rolls the rejected mutations back by rebasing the rows they touched.
 */
export async function settleInOutbox(
  tx: Tx,
  clientId: string,
  sent: readonly Sent[],
  settled: ReturnType<typeof settlePush>,
  response: PushResponse,
  now: Date,
): Promise<void> {
  const rejectedAt = now.toISOString();
  let touched: Set<string> | 'all' = new Set<string>();
  for (const r of settled.rejected) {
    const mutation = sent.find((m) => m.mutationId === r.mutationId);
    if (!mutation) continue;
    const parsed = parseOrNull(mutation);
    // One the desk no longer reads (queued before a check it has now): which rows it touched is unknown.
    if (!parsed) touched = 'all';
    else if (touched !== 'all') for (const key of mutationKeys(parsed)) touched.add(key);
    await tx.execute(
      'insert into sync_rejection (client_id, mutation_id, name, args, code, message, rejected_at, dismissed) values (?, ?, ?, ?, ?, ?, ?, 0)',
      [clientId, r.mutationId, mutation.name, JSON.stringify(mutation.args), r.code, r.message, rejectedAt],
      'run',
    );
  }
  await tx.execute('delete from outbox where mutation_id <= ?', [response.lastMutationId], 'run');
  await rebase(tx, touched);
}

/** Renumbers the pending mutations from 1, order kept (they move to a new client id). */
export async function renumberOutbox(tx: Tx): Promise<void> {
  const pending = await tx.execute<Array<{ mutation_id: number }>>(
    'select mutation_id from outbox order by mutation_id',
    [],
  );
  await tx.execute('update outbox set mutation_id = -mutation_id', [], 'run');
  let next = 0;
  for (const m of pending) {
    next += 1;
    await tx.execute('update outbox set mutation_id = ? where mutation_id = ?', [next, -m.mutation_id], 'run');
  }
  await setMeta(tx, 'lastMutationId', String(next));
}

/**
 * Applies one pull page and advances the cursor, then replays pending mutations on the touched rows.
 * True when the server has processed more mutations of this client id than the replica made (a restored
 * copy): the caller then moves them to a new client id.
 */
export async function applyPullPage(tx: Tx, page: PullResponse): Promise<boolean> {
  const touched = new Set<string>();
  let unknownRows = false;
  if (page.reset) {
    await clearView(tx);
    await tx.execute('delete from server_row', [], 'run');
  }
  for (const change of page.changes) {
    const key = `${change.entity}:${change.id}`;
    touched.add(key);
    await tx.execute(
      'insert or replace into server_row (key, data, version) values (?, ?, ?)',
      [key, JSON.stringify(change.row), change.version],
      'run',
    );
    await writeRow(tx, change.entity, change.row);
  }
  for (const tombstone of page.tombstones) {
    const id = tombstone.entity === 'band' ? await bandIdOf(tx, tombstone.id) : tombstone.id;
    if (id === undefined) continue;
    const key = `${tombstone.entity}:${id}`;
    touched.add(key);
    await tx.execute('delete from server_row where key = ?', [key], 'run');
    await deleteRow(tx, tombstone.entity, id);
  }
  const behind = page.lastMutationId > Number((await getMeta(tx, 'lastMutationId')) ?? '0');
  if (!page.hasMore && !behind) {
    // The server has processed these; their effects are in this snapshot, so they leave the outbox.
    const done = await tx.execute<OutboxRow[]>('select mutation_id, name, args from outbox where mutation_id <= ?', [
      page.lastMutationId,
    ]);
    for (const m of done) {
      const parsed = fromOutbox(m);
      if (!parsed) unknownRows = true;
      else for (const key of mutationKeys(parsed)) touched.add(key);
    }
    await tx.execute('delete from outbox where mutation_id <= ?', [page.lastMutationId], 'run');
  }
  await setMeta(tx, 'cursor', page.cursor);
  await rebase(tx, page.reset || unknownRows ? 'all' : touched);
  return behind;
}

/**
 * Puts the given rows back to the server's state, then replays the pending mutations that touch
 * them in mutation order. Mutations are idempotent "set" operations, so replaying is safe.
 */
async function rebase(tx: Tx, keys: Set<string> | 'all'): Promise<void> {
  if (keys !== 'all' && keys.size === 0) return;
  // A pending mutation the desk no longer reads has nothing to replay: the cloud rejects it at the push.
  const pending = (
    await tx.execute<OutboxRow[]>('select mutation_id, name, args from outbox order by mutation_id', [])
  ).flatMap((m) => fromOutbox(m) ?? []);
  if (keys !== 'all') {
    for (const key of keys) await resetRow(tx, key);
  }
  for (const mutation of pending) {
    // Every mutation writes exactly one row (see mutationKeys), so filtering by key keeps replays complete.
    if (keys !== 'all' && !mutationKeys(mutation).some((k) => keys.has(k))) continue;
    await applyMutation(tx, mutation, false);
  }
}

/** Restores one row of the view from the server's last state (or removes it if the server has none). */
async function resetRow(tx: Tx, key: string): Promise<void> {
  const separator = key.indexOf(':');
  const entity = key.slice(0, separator) as SyncEntity;
  const id = key.slice(separator + 1);
  const rows = await tx.execute<Array<{ data: string }>>('select data from server_row where key = ?', [key]);
  if (rows[0]) await writeRow(tx, entity, JSON.parse(rows[0].data));
  else await deleteRow(tx, entity, id);
}

/** Band tombstones carry the cloud's row id; the replica keys bands by their public bandId. */
async function bandIdOf(tx: Tx, serverId: string): Promise<string | undefined> {
  const rows = await tx.execute<Array<{ band_id: string }>>('select band_id from band where server_id = ?', [serverId]);
  return rows[0]?.band_id;
}

/** A queued mutation, or null for one the desk no longer reads (queued by an older version, before a check). */
const fromOutbox = (m: OutboxRow): Mutation | null =>
  parseOrNull({ mutationId: Number(m.mutation_id), name: m.name, args: JSON.parse(m.args) });

function parseOrNull(raw: { mutationId: number; name: string; args: unknown }): Mutation | null {
  try {
    return parseMutation(raw);
  } catch {
    return null;
  }
}

export function parseLocal(raw: { mutationId: number; name: string; args: unknown }): Mutation {
  try {
    return parseMutation(raw);
  } catch (error) {
    // Say which field and why (e.g. "attendee.name: contains a NUL character…"): staff can fix what they typed.
    const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
    const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    const why = issue ? `: ${field}${issue.message}` : '.';
    throw new DomainError('BAD_INPUT', `Invalid ${raw.name} mutation${why}`, { cause: String(error) });
  }
}

/**
 * What the replica holds of each row; a new format means rows written before lack something, or hold it in
 * an older form. 2: bands carry their attendee. 3: `attendee_search` is folded without accents.
 */
const REPLICA_FORMAT = 3;

/**
 * Brings a replica made by an older console up to date: the schema gained the columns already (derived from
 * the entities). Before 2, forgetting the cursor makes the next pull start over and fill them; before 3, the
 * search copies are folded again here, from the attendee fields the replica holds. Pending mutations stay.
 */
export async function upgradeReplica(tx: Tx): Promise<void> {
  const format = Number((await getMeta(tx, 'replicaFormat')) ?? '1');
  if (format >= REPLICA_FORMAT) return;
  if (format < 2) await tx.execute("delete from sync_meta where key = 'cursor'", [], 'run');
  else await refoldAttendeeSearch(tx);
  await setMeta(tx, 'replicaFormat', String(REPLICA_FORMAT));
}

async function refoldAttendeeSearch(tx: Tx): Promise<void> {
  const rows = await tx.execute<Array<{ band_id: string } & AttendeeFields>>(
    `select band_id, attendee_name as name, attendee_email as email, attendee_ticket_code as ticketCode
       from band where attendee_search is not null`,
  );
  for (const row of rows) {
    await tx.execute(
      'update band set attendee_search = ? where band_id = ?',
      [attendeeSearch(row), row.band_id],
      'run',
    );
  }
}

export async function getMeta(em: Tx, key: string): Promise<string | undefined> {
  const rows = await em.execute<Array<{ value: string }>>('select value from sync_meta where key = ?', [key]);
  return rows[0]?.value;
}

export async function setMeta(em: Tx, key: string, value: string): Promise<void> {
  await em.execute('insert or replace into sync_meta (key, value) values (?, ?)', [key, value], 'run');
}
