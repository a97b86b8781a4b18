/**
 * Writes to the view tables (what the UI reads): from server rows on pull, from mutations when they
 * are applied locally. Raw SQL in the caller's transaction, because pulls and bulk registrations write
 * thousands of rows at once.
 */
import type { QueryResult } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { type AttendeeFields, hasAttendee } from '@sparkmotion/shared/bands/attendee-privacy';
import { DomainError } from '@sparkmotion/shared/errors';
import { assertValidWindows } from '@sparkmotion/shared/modes/window-overlap';
import type { BandReplaceArgs, Mutation } from '@sparkmotion/shared/sync/mutations';
import type { BandRow, EventRow, OrganizationRow, SyncEntity, WindowRow } from '@sparkmotion/shared/sync/protocol';
import { mergeAttendee } from '@sparkmotion/shared/sync/rules';
import { foldForSearch } from '@sparkmotion/shared/text/fold-for-search';

export type Tx = SqlEntityManager;

const run = (tx: Tx, sql: string, params: unknown[]) => tx.execute(sql, params, 'run');

export async function writeRow(tx: Tx, entity: SyncEntity, row: unknown): Promise<void> {
  switch (entity) {
    case 'organization': {
      const o = row as OrganizationRow;
      await run(tx, 'insert or replace into organization (id, name, role, attendees) values (?, ?, ?, ?)', [
        o.id,
        o.name,
        o.role,
        o.attendees ?? null,
      ]);
      return;
    }
    case 'event': {
      const e = row as EventRow;
      await run(
        tx,
        'insert or replace into event (id, org_id, name, timezone, fallback_url, override_mode) values (?, ?, ?, ?, ?, ?)',
        [e.id, e.orgId, e.name, e.timezone, e.fallbackUrl, e.overrideMode],
      );
      return;
    }
    case 'window': {
      const w = row as WindowRow;
      await run(
        tx,
        'insert or replace into event_window (id, event_id, kind, url, starts_at, ends_at) values (?, ?, ?, ?, ?, ?)',
        [w.id, w.eventId, w.kind, w.url, w.startsAt, w.endsAt],
      );
      return;
    }
    case 'band': {
      const b = row as BandRow;
      const a = b.attendee ?? null;
      // A row that says nothing of the attendee (a local registration, an older cloud) leaves the link as it is.
      const known = b.attendee !== undefined ? 1 : 0;
      const keep = (column: string) => `${column} = iif(?, excluded.${column}, band.${column})`;
      await run(
        tx,
        `insert into band (band_id, server_id, uid, event_id, status, station_id, registered_at, trust, replaced_by, secret_version,
           attendee_name, attendee_email, attendee_ticket_code, attendee_search)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (band_id) do update set server_id = coalesce(excluded.server_id, band.server_id), uid = excluded.uid,
           event_id = excluded.event_id, status = excluded.status, station_id = excluded.station_id,
           registered_at = excluded.registered_at, trust = coalesce(excluded.trust, band.trust), replaced_by = excluded.replaced_by,
           secret_version = coalesce(excluded.secret_version, band.secret_version),
           ${['attendee_name', 'attendee_email', 'attendee_ticket_code', 'attendee_search'].map(keep).join(', ')}`,
        [
          b.bandId,
          b.id,
          b.uid,
          b.eventId,
          b.status,
          b.stationId,
          b.registeredAt,
          b.trust ?? null,
          b.replacedBy ?? null,
          b.secretVersion ?? null,
          a?.name ?? null,
          a?.email ?? null,
          a?.ticketCode ?? null,
          attendeeSearch(a),
          known,
          known,
          known,
          known,
        ],
      );
      return;
    }
  }
}

/** What a search matches of an attendee, folded here (SQLite's `lower` folds ASCII only, and no accents). */
export const attendeeSearch = (a: AttendeeFields | null) =>
  a ? foldForSearch([a.name, a.email, a.ticketCode].filter(Boolean).join('\n')) || null : null;

async function writeAttendee(tx: Tx, bandId: string, a: AttendeeFields | null): Promise<void> {
  await tx.execute(
    'update band set attendee_name = ?, attendee_email = ?, attendee_ticket_code = ?, attendee_search = ? where band_id = ?',
    [a?.name ?? null, a?.email ?? null, a?.ticketCode ?? null, attendeeSearch(a), bandId],
    'run',
  );
}

const tableOf: Record<SyncEntity, { table: string; pk: string }> = {
  organization: { table: 'organization', pk: 'id' },
  event: { table: 'event', pk: 'id' },
  window: { table: 'event_window', pk: 'id' },
  band: { table: 'band', pk: 'band_id' },
};

export async function deleteRow(tx: Tx, entity: SyncEntity, id: string): Promise<void> {
  const { table, pk } = tableOf[entity];
  await run(tx, `delete from ${table} where ${pk} = ?`, [id]);
}

export async function clearView(tx: Tx): Promise<void> {
  for (const { table } of Object.values(tableOf)) await run(tx, `delete from ${table}`, []);
}

/**
 * Applies a mutation to the view. With `validate` (a fresh local mutation) it enforces the same rules
 * the server will, so the desk hears about a conflict it can already see at once; a replay during a
 * rebase never throws: the server has the last word and answers with a rejection.
 */
export async function applyMutation(tx: Tx, mutation: Mutation, validate: boolean): Promise<void> {
  switch (mutation.name) {
    case 'band.register': {
      const a = mutation.args;
      if (validate) {
        const taken = await tx.execute<Array<{ band_id: string; uid: string | null; event_id: string }>>(
          'select band_id, uid, event_id from band where band_id = ? or uid = ?',
          [a.bandId, a.uid],
        );
        const same = taken.every((b) => b.band_id === a.bandId && b.uid === a.uid && b.event_id === a.eventId);
        if (!same) {
          const other = taken.find((b) => b.band_id !== a.bandId || b.uid !== a.uid || b.event_id !== a.eventId)!;
          throw new DomainError(
            'BAND_ALREADY_REGISTERED',
            `Tag ${a.uid} is already registered as band ${other.band_id}.`,
            {
              bandId: other.band_id,
            },
          );
        }
      }
      // The same band registered again (re-encoded in place, docs/secrets.md): only what was written changes,
      // and the secret version only forward, as the cloud records it (desk-registration.service.ts).
      const again = await tx.execute<QueryResult>(
        `update band set trust = coalesce(?, trust),
           secret_version = nullif(max(coalesce(?, 0), coalesce(secret_version, 0)), 0)
          where band_id = ? and uid = ? and event_id = ?`,
        [a.trust ?? null, a.secretVersion ?? null, a.bandId, a.uid, a.eventId],
        'run',
      );
      if (again.affectedRows > 0) return;
      await writeRow(tx, 'band', {
        id: null,
        bandId: a.bandId,
        uid: a.uid,
        eventId: a.eventId,
        status: 'ACTIVE',
        stationId: a.stationId,
        registeredAt: a.registeredAt,
        trust: a.trust ?? null,
        secretVersion: a.secretVersion ?? null,
      });
      return;
    }
    case 'band.replace':
      await applyReplace(tx, mutation.args, validate);
      return;
    case 'band.reassign': {
      const result = await tx.execute<QueryResult>(
        'update band set event_id = ? where band_id = ?',
        [mutation.args.eventId, mutation.args.bandId],
        'run',
      );
      if (validate && result.affectedRows === 0) throw new DomainError('NOT_FOUND', `No band ${mutation.args.bandId}.`);
      return;
    }
    case 'band.release': {
      await tx.execute(
        "update band set uid = null, status = 'DISABLED' where band_id = ? and uid = ?",
        [mutation.args.bandId, mutation.args.uid],
        'run',
      );
      return;
    }
    case 'band.setAttendee': {
      const { bandId, attendee } = mutation.args;
      const rows = await tx.execute<Array<{ name: string | null; email: string | null; ticketCode: string | null }>>(
        'select attendee_name as name, attendee_email as email, attendee_ticket_code as ticketCode from band where band_id = ?',
        [bandId],
      );
      if (!rows[0]) {
        if (validate) throw new DomainError('NOT_FOUND', `No band ${bandId}.`);
        return;
      }
      const current = hasAttendee(rows[0]) ? rows[0] : null;
      await writeAttendee(tx, bandId, mergeAttendee(current, attendee));
      return;
    }
    case 'event.update': {
      const { eventId, patch } = mutation.args;
      const columns: Record<string, string> = {
        name: 'name',
        timezone: 'timezone',
        fallbackUrl: 'fallback_url',
        overrideMode: 'override_mode',
      };
      const set = Object.keys(patch).filter((k) => k in columns);
      const result = await tx.execute<QueryResult>(
        `update event set ${set.map((k) => `${columns[k]} = ?`).join(', ')} where id = ?`,
        [...set.map((k) => (patch as Record<string, unknown>)[k]), eventId],
        'run',
      );
      if (validate && result.affectedRows === 0) throw new DomainError('NOT_FOUND', `No event ${eventId}.`);
      return;
    }
    case 'window.create': {
      const { windowId, ...w } = mutation.args;
      if (validate) await refuseOverlap(tx, w.eventId, { id: windowId, startsAt: w.startsAt, endsAt: w.endsAt });
      await writeRow(tx, 'window', { id: windowId, ...w });
      return;
    }
    case 'window.update': {
      const { windowId, patch } = mutation.args;
      const rows = await tx.execute<Array<Record<string, string>>>(
        'select id, event_id as eventId, kind, url, starts_at as startsAt, ends_at as endsAt from event_window where id = ?',
        [windowId],
      );
      const current = rows[0];
      if (!current) {
        if (validate) throw new DomainError('NOT_FOUND', `No window ${windowId}.`);
        return;
      }
      const next = { ...current, ...patch } as WindowRow;
      if (validate) await refuseOverlap(tx, next.eventId, next);
      await writeRow(tx, 'window', next);
      return;
    }
    case 'window.delete':
      await deleteRow(tx, 'window', mutation.args.windowId);
      return;
    case 'windows.save': {
      const { eventId, put, remove } = mutation.args;
      if (validate)
        await refuseForeignWindows(
          tx,
          eventId,
          put.map((w) => w.windowId),
        );
      for (const windowId of remove) await deleteRow(tx, 'window', windowId);
      for (const { windowId, ...w } of put) await writeRow(tx, 'window', { id: windowId, eventId, ...w });
      // The event's resulting set, as a whole: what the cloud checks too.
      if (validate) await refuseOverlap(tx, eventId);
      return;
    }
  }
}

/**
 * Lost & replace at the desk: the lost band becomes LOST and points to its replacement, registered ACTIVE
 * in the lost band's event, which takes over the attendee this desk holds of it. Validated as the cloud will (replaceBand): the lost band is known and not
 * replaced by another band, the new bandId is free, and the tag is no other live band's.
 */
async function applyReplace(tx: Tx, a: BandReplaceArgs, validate: boolean): Promise<void> {
  const [lost] = await tx.execute<Array<{ event_id: string; replaced_by: string | null } & AttendeeFields>>(
    `select event_id, replaced_by, attendee_name as name, attendee_email as email, attendee_ticket_code as ticketCode
       from band where band_id = ?`,
    [a.lostBandId],
  );
  if (validate && lost?.replaced_by !== a.bandId) {
    if (!lost) throw new DomainError('NOT_FOUND', `No band ${a.lostBandId}.`);
    if (lost.replaced_by) {
      throw new DomainError(
        'BAND_ALREADY_REPLACED',
        `Band ${a.lostBandId} was replaced by ${lost.replaced_by} already.`,
        {
          replacedBy: lost.replaced_by,
        },
      );
    }
    const [taken] = await tx.execute<Array<{ band_id: string }>>(
      "select band_id from band where band_id = ? or (uid = ? and status <> 'LOST' and band_id <> ?)",
      [a.bandId, a.uid, a.lostBandId],
    );
    if (taken) {
      throw new DomainError('BAND_ALREADY_REGISTERED', `Tag ${a.uid} is already registered as band ${taken.band_id}.`, {
        bandId: taken.band_id,
      });
    }
  }
  const eventId = lost?.event_id ?? a.eventId;
  if (!eventId) return; // a replay whose lost band the cloud refused: the server answers with the rejection
  await writeRow(tx, 'band', {
    id: null,
    bandId: a.bandId,
    uid: a.uid,
    eventId,
    status: 'ACTIVE',
    stationId: a.stationId,
    registeredAt: a.registeredAt,
    trust: a.trust ?? null,
    secretVersion: a.secretVersion ?? null,
  });
  await tx.execute(
    "update band set status = 'LOST', replaced_by = ? where band_id = ?",
    [a.bandId, a.lostBandId],
    'run',
  );
  // Moved only when the lost band holds one: applied again (a rebase), the replacement keeps what it took.
  if (lost && hasAttendee(lost)) {
    await writeAttendee(tx, a.bandId, { name: lost.name, email: lost.email, ticketCode: lost.ticketCode });
    await writeAttendee(tx, a.lostBandId, null);
  }
}

/** A save names windows of its own event only: an id of another event's window is not moved over. */
async function refuseForeignWindows(tx: Tx, eventId: string, ids: string[]) {
  if (ids.length === 0) return;
  const foreign = await tx.execute<Array<{ id: string }>>(
    `select id from event_window where event_id <> ? and id in (${ids.map(() => '?').join(', ')})`,
    [eventId, ...ids],
  );
  if (foreign[0]) throw new DomainError('NOT_FOUND', `No window ${foreign[0].id} in this event.`);
}

/**
 * The same rule the cloud applies (shared `assertValidWindows`), against the windows this replica knows:
 * with a candidate not written yet, or over the event's windows as they now stand.
 */
async function refuseOverlap(tx: Tx, eventId: string, candidate?: { id: string; startsAt: string; endsAt: string }) {
  const others = await tx.execute<Array<{ id: string; startsAt: string; endsAt: string }>>(
    'select id, starts_at as startsAt, ends_at as endsAt from event_window where event_id = ? and id <> ?',
    [eventId, candidate?.id ?? ''],
  );
  assertValidWindows(
    [...others, ...(candidate ? [candidate] : [])].map((w) => ({
      id: w.id,
      startsAt: new Date(w.startsAt),
      endsAt: new Date(w.endsAt),
    })),
  );
}
