/**
 * The desktop's offline-first local store: a SQLite file (through `node:sqlite`, no native module)
 * holding the replica of the user's orgs/events/windows/bands, the outbox of local mutations and the
 * sync metadata. It is the source of truth for the console's UI.
 *
 * Every write is a local mutation: validated, applied to the view at once and queued in the outbox in
 * one transaction. The view is always "server state + pending mutations": `server_row` keeps the
 * server's last word for each row, so applying a pull or a rejection resets the touched rows from it
 * and replays the pending mutations that touch them (a rebase).
 */
import { randomUUID } from 'node:crypto';
import { MikroORM, NodeSqliteDialect, SqliteDriver } from '@mikro-orm/sql';
import { DomainError } from '@sparkmotion/shared/errors';
import type { BandStatus } from '@sparkmotion/shared/schemas/common.schema';
import type { MutationArgs, MutationName } from '@sparkmotion/shared/sync/mutations';
import type { PullResponse, PushResponse } from '@sparkmotion/shared/sync/protocol';
import { settlePush } from '@sparkmotion/shared/sync/rules';
import { foldForSearch } from '@sparkmotion/shared/text/fold-for-search';
import { LocalBand } from './entities/band.entity.ts';
import { LocalEvent } from './entities/event.entity.ts';
import { LocalOrganization } from './entities/organization.entity.ts';
import { OutboxMutation } from './entities/outbox-mutation.entity.ts';
import { ServerRow } from './entities/server-row.entity.ts';
import { SyncMeta } from './entities/sync-meta.entity.ts';
import { SyncRejection } from './entities/sync-rejection.entity.ts';
import { LocalWindow } from './entities/window.entity.ts';
import {
  applyPullPage,
  getMeta,
  parseLocal,
  renumberOutbox,
  setMeta,
  settleInOutbox,
  upgradeReplica,
} from './replica.ts';
import { applyMutation, clearView, type Tx } from './view.ts';

export type StoreChange = { kind: 'mutated' | 'pulled' | 'settled' };
export type PendingMutation = { mutationId: number; name: string; args: unknown };
export type Rejection = {
  id: number;
  mutationId: number;
  name: string;
  args: unknown;
  code: string;
  message: string;
  rejectedAt: string;
};

export type BandQuery = { search?: string; status?: BandStatus; limit?: number; offset?: number };

export type LocalStoreOptions = {
  /** The SQLite file, in the app's user-data folder (`:memory:` for throwaway use). */
  file: string;
  /** Injected clock, so tests and the UI agree on timestamps. */
  now?: () => Date;
};

const entities = [
  LocalOrganization,
  LocalEvent,
  LocalWindow,
  LocalBand,
  ServerRow,
  OutboxMutation,
  SyncRejection,
  SyncMeta,
];

export class LocalStore {
  /** This replica's sync client id; a new one after `startOver`. */
  clientId: string;
  private readonly orm: MikroORM;
  private readonly now: () => Date;
  private readonly listeners = new Set<(change: StoreChange) => void>();

  private constructor(orm: MikroORM, clientId: string, now: () => Date) {
    this.orm = orm;
    this.clientId = clientId;
    this.now = now;
  }

  static async open(options: LocalStoreOptions): Promise<LocalStore> {
    const orm = await MikroORM.init({
      driver: SqliteDriver,
      dbName: options.file,
      driverOptions: new NodeSqliteDialect(options.file),
      entities,
      allowGlobalContext: false,
    });
    const em = orm.em.fork();
    // WAL: a killed process loses nothing committed, and readers don't block the sync engine's writes.
    await em.execute('pragma journal_mode = wal', [], 'get');
    await em.execute('pragma synchronous = normal', [], 'run');
    // The schema of a local replica is derived from the entities; the outbox table only ever gains columns.
    await orm.schema.update({ safe: true });
    await em.transactional((tx) => upgradeReplica(tx));
    let clientId = await getMeta(em, 'clientId');
    if (!clientId) {
      clientId = randomUUID();
      await setMeta(em, 'clientId', clientId);
    }
    return new LocalStore(orm, clientId, options.now ?? (() => new Date()));
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.orm.close();
  }

  /** Called after every committed change; the sync engine and the UI's subscriptions listen here. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies a mutation locally at once and queues it for the cloud, atomically. Throws a DomainError
   * (nothing queued) when the local replica already shows a conflict.
   */
  async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<number> {
    const [id] = await this.mutateMany([{ name, args } as { name: MutationName; args: unknown }]);
    return id!;
  }

  /** Several mutations in one transaction (bulk registration from a list); all or none are queued. */
  async mutateMany(items: ReadonlyArray<{ name: MutationName; args: unknown }>): Promise<number[]> {
    const ids = await this.tx(async (tx) => {
      let last = Number((await getMeta(tx, 'lastMutationId')) ?? '0');
      const createdAt = this.now().toISOString();
      const assigned: number[] = [];
      for (const item of items) {
        const mutation = parseLocal({ mutationId: last + 1, name: item.name, args: item.args });
        await applyMutation(tx, mutation, true);
        await tx.execute(
          'insert into outbox (mutation_id, name, args, created_at) values (?, ?, ?, ?)',
          [mutation.mutationId, mutation.name, JSON.stringify(mutation.args), createdAt],
          'run',
        );
        last = mutation.mutationId;
        assigned.push(last);
      }
      await setMeta(tx, 'lastMutationId', String(last));
      return assigned;
    });
    this.emit({ kind: 'mutated' });
    return ids;
  }

  async pendingCount(): Promise<number> {
    const row = await this.em().execute<{ n: number }>('select count(*) as n from outbox', [], 'get');
    return Number(row.n);
  }

  /**
   * How many pending band changes (`band.*`) touch the event: registered into it, naming a band it holds
   * here, or moving any band (one moved out no longer shows its old event here). Until they reach the cloud,
   * its band count is not the one this desk shows.
   */
  async pendingBandChanges(eventId: string): Promise<number> {
    const row = await this.em().execute<{ n: number }>(
      `select count(*) as n from outbox o
        where o.name like 'band.%'
          and (o.name = 'band.reassign'
               or json_extract(o.args, '$.eventId') = ?
               or exists (select 1 from band b
                           where b.event_id = ?
                             and b.band_id in (json_extract(o.args, '$.bandId'), json_extract(o.args, '$.lostBandId'))))`,
      [eventId, eventId],
      'get',
    );
    return Number(row.n);
  }

  /** The oldest pending mutations, in mutation id order: what the next push sends. */
  async pendingMutations(limit: number): Promise<PendingMutation[]> {
    const rows = await this.em().execute<Array<{ mutation_id: number; name: string; args: string }>>(
      'select mutation_id, name, args from outbox order by mutation_id limit ?',
      [limit],
    );
    return rows.map((r) => ({ mutationId: Number(r.mutation_id), name: r.name, args: JSON.parse(r.args) }));
  }

  /**
   * Takes a push response: drops processed mutations from the outbox, records rejections with their
   * reason, and rolls rejected mutations back by rebasing the rows they touched.
   */
  async settlePush(sent: readonly PendingMutation[], response: PushResponse): Promise<void> {
    const settled = settlePush(
      sent.map((m) => m.mutationId),
      response,
    );
    if (response.lastMutationId > (await this.lastMutationId())) {
      await this.rotateClient();
      return;
    }
    if (settled.processed.length === 0) return;
    await this.tx((tx) => settleInOutbox(tx, this.clientId, sent, settled, response, this.now()));
    this.emit({ kind: 'settled' });
  }

  private async lastMutationId(): Promise<number> {
    return Number((await getMeta(this.em(), 'lastMutationId')) ?? '0');
  }

  /**
   * The cloud has processed more mutations of this client id than this replica ever made: the file was
   * restored from an older copy (or copied to another desk). Its pending mutations would look like
   * replays and be dropped, so they move to a fresh client id, renumbered from 1, order kept.
   */
  private async rotateClient(): Promise<void> {
    await this.tx(async (tx) => {
      await renumberOutbox(tx);
      this.clientId = randomUUID();
      await setMeta(tx, 'clientId', this.clientId);
    });
  }

  /**
   * Forgets the replica and starts as a new sync client (another account signed in on this desk).
   * Refuses while mutations are pending: they belong to the previous account and must reach the cloud.
   */
  async startOver(): Promise<void> {
    await this.tx(async (tx) => {
      const pending = await tx.execute<{ n: number }>('select count(*) as n from outbox', [], 'get');
      if (Number(pending.n) > 0) throw new DomainError('CONFLICT', 'Local changes are not synced yet.');
      await clearView(tx);
      for (const table of ['server_row', 'sync_rejection']) await tx.execute(`delete from ${table}`, [], 'run');
      await tx.execute("delete from sync_meta where key in ('cursor', 'lastMutationId', 'lastSyncAt')", [], 'run');
      this.clientId = randomUUID();
      await setMeta(tx, 'clientId', this.clientId);
    });
    this.emit({ kind: 'pulled' });
  }

  /** The pull cursor to send next (null: never pulled, or reset). */
  async cursor(): Promise<string | null> {
    return (await getMeta(this.em(), 'cursor')) ?? null;
  }

  /**
   * Applies one pull page and advances the cursor in the same transaction, so a crash leaves either
   * the old cursor with the old rows or the new cursor with the new rows. Pending mutations on the
   * touched rows are replayed on top (rebase).
   */
  async applyPull(page: PullResponse): Promise<void> {
    const behind = await this.tx((tx) => applyPullPage(tx, page));
    if (behind) await this.rotateClient();
    this.emit({ kind: 'pulled' });
  }

  async getMeta(key: string): Promise<string | undefined> {
    return getMeta(this.em(), key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await setMeta(this.em(), key, value);
  }

  /** Rejections the user has not dismissed yet, newest first. */
  async rejections(): Promise<Rejection[]> {
    const rows = await this.em().find(SyncRejection, { dismissed: false }, { orderBy: { id: 'desc' } });
    return rows.map((r) => ({
      id: r.id,
      mutationId: r.mutationId,
      name: r.name,
      args: JSON.parse(r.args),
      code: r.code,
      message: r.message,
      rejectedAt: r.rejectedAt,
    }));
  }

  async dismissRejection(id: number): Promise<void> {
    await this.em().execute('update sync_rejection set dismissed = 1 where id = ?', [id], 'run');
    this.emit({ kind: 'settled' });
  }

  // Reads for the UI: plain rows, explicit fields.
  async organizations() {
    return this.em().find(LocalOrganization, {}, { orderBy: { name: 'asc' } });
  }

  async events(orgId?: string) {
    return this.em().find(LocalEvent, orgId ? { orgId } : {}, { orderBy: { name: 'asc' } });
  }

  async windows(eventId: string) {
    return this.em().find(LocalWindow, { eventId }, { orderBy: { startsAt: 'asc' } });
  }

  /** One page of an event's bands, newest first, and how many match in all. */
  async bands(eventId: string, query: BandQuery = {}): Promise<{ bands: LocalBand[]; total: number }> {
    // A substring of the band id, tag UID or station (SQLite's LIKE ignores ASCII case), or of the attendee's
    // name, email or ticket code in any case and with or without accents (matched against their folded copy,
    // `foldForSearch`). A `%` or `_` typed in the search only widens it.
    const like = query.search ? { $like: `%${query.search}%` } : undefined;
    const attendeeLike = query.search ? { $like: `%${foldForSearch(query.search)}%` } : undefined;
    const where = {
      eventId,
      ...(query.status ? { status: query.status } : {}),
      ...(like
        ? { $or: [{ bandId: like }, { uid: like }, { stationId: like }, { attendeeSearch: attendeeLike }] }
        : {}),
    };
    const limit = query.limit ?? 500;
    const offset = query.offset ?? 0;
    const em = this.em();
    const bands = await em.find(LocalBand, where, { orderBy: { registeredAt: 'desc', bandId: 'asc' }, limit, offset });
    // A first page that is not full is every match: a second scan to count them would only repeat it (a
    // search for one person at 100,000 bands costs one scan, not two).
    const total = offset === 0 && bands.length < limit ? bands.length : await em.count(LocalBand, where);
    return { bands, total };
  }

  async band(by: { bandId: string } | { uid: string }) {
    return this.em().findOne(LocalBand, 'bandId' in by ? { bandId: by.bandId } : { uid: by.uid.toUpperCase() });
  }

  async bandCount(eventId?: string): Promise<number> {
    return this.em().count(LocalBand, eventId ? { eventId } : {});
  }

  private em() {
    return this.orm.em.fork();
  }

  private async tx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional(work);
  }

  private emit(change: StoreChange) {
    for (const listener of this.listeners) listener(change);
  }
}
