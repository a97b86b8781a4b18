/**
 * Pull: every change since the client's cursor, for the orgs the user belongs to, in pages ordered by
 * row version (one global sequence, so one cursor spans every table). Read behind the pull barrier
 * (no writer in flight), so the page, the cursor and the client's lastMutationId agree.
 */
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { attendeeForDesk, type DeskAttendees, deskAttendeesFor } from '@sparkmotion/shared/bands/attendee-privacy';
import type { Change, PullResponse, SyncEntity, Tombstone } from '@sparkmotion/shared/sync/protocol';
import { decodeCursor, encodeCursor } from '@sparkmotion/shared/sync/rules';

type Versioned = { version: string };
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Table name (as the tombstone trigger records it) → the entity the client knows. */
const ENTITY_OF_TABLE: Record<string, SyncEntity> = {
  organizations: 'organization',
  events: 'event',
  event_windows: 'window',
  bands: 'band',
};

const BAND_COLUMNS = `bands.id, bands.org_id, bands.band_id, bands.uid, bands.event_id, bands.status, bands.station_id,
  bands.registered_at, bands.trust, bands.secret_version,
  (select r.band_id from bands r where r.id = bands.replaced_by_id) as replaced_by, band_attendees.id as attendee_id, band_attendees.name as attendee_name,
  band_attendees.email as attendee_email, band_attendees.ticket_code as attendee_ticket_code`;
type BandWithAttendee = {
  id: string;
  org_id: string;
  band_id: string;
  uid: string | null;
  event_id: string;
  status: string;
  station_id: string | null;
  registered_at: Date | null;
  trust: string | null;
  secret_version: number | null;
  replaced_by: string | null;
  attendee_id: string | null;
  attendee_name: string | null;
  attendee_email: string | null;
  attendee_ticket_code: string | null;
};

/** Held shared by every transaction that takes a row version (see the sync migration). */
export const SYNC_PULL_BARRIER = 1398361667;

export async function pull(
  em: EntityManager,
  input: { userId: string; clientId: string; cursor: string | null; limit: number },
): Promise<PullResponse> {
  return em.transactional(
    async (tx) => {
      const conn = tx.getConnection();
      const exec = <T>(sql: string, params: unknown[]) =>
        conn.execute<T[]>(sql, params, 'all', tx.getTransactionContext());
      // Wait for writers still holding versions, then read with them kept out (a few ms): every version
      // below the cursor we hand out is then committed. A writer stuck for seconds makes this pull fail
      // fast instead; the client retries.
      await exec("set local lock_timeout = '5s'", []);
      await exec('select pg_advisory_xact_lock(?)', [SYNC_PULL_BARRIER]);
      const orgs = await exec<{
        id: string;
        name: string;
        role: string;
        desk_attendees: DeskAttendees;
        version: string;
      }>(
        `select o.id, o.name, m.role, o.desk_attendees, greatest(o.version, m.version)::text as version
           from org_members m join organizations o on o.id = m.org_id
          where m.user_id = ? order by o.id`,
        [input.userId],
      );
      const orgIds = orgs.map((o) => o.id);
      const attendeesIn = new Map(orgs.map((o) => [o.id, deskAttendeesFor(o.desk_attendees, o.role)]));
      // The fingerprint covers what the desk may hold of attendees in each org: when the rule (or the user's
      // role) tightens, the desk starts over and drops what it may no longer keep; when it loosens, it gets it.
      const orgKeys = orgs.map((o) => `${o.id}:${attendeesIn.get(o.id)}`);
      const decoded = decodeCursor(input.cursor);
      const reset = decoded === null || encodeCursor(decoded.version, orgKeys) !== input.cursor;
      const since = reset ? '0' : decoded.version;
      const take = input.limit + 1;
      // Arrays travel as JSON: the driver would expand a JS array into a list of placeholders. The order is on
      // the bigint column itself (qualified), not on the text alias the rows carry it out as.
      const inOrgs = (table: string) =>
        `${table}.org_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and ${table}.version > ?::bigint order by ${table}.version limit ?`;
      const params = [JSON.stringify(orgIds), since, take];

      const [events, windows, bands, attendees, tombstones] = await Promise.all([
        exec<Versioned & Record<string, unknown>>(
          `select id, org_id, name, timezone, fallback_url, override_mode, version::text as version from events where ${inOrgs('events')}`,
          params,
        ),
        exec<Versioned & Record<string, unknown>>(
          `select id, event_id, kind, url, starts_at, ends_at, version::text as version from event_windows where ${inOrgs('event_windows')}`,
          params,
        ),
        // A band comes once, with its attendee, at the newer of the two rows' versions: by its own version
        // here, by its attendee's below when that one changed last (each query is ordered by the version its
        // rows carry, so a page cut at the limit leaves nothing behind below the cursor).
        exec<Versioned & BandWithAttendee>(
          `select ${BAND_COLUMNS}, bands.version::text as version
             from bands left join band_attendees on band_attendees.band_id = bands.id
            where bands.version >= coalesce(band_attendees.version, 0) and ${inOrgs('bands')}`,
          params,
        ),
        exec<Versioned & BandWithAttendee>(
          `select ${BAND_COLUMNS}, band_attendees.version::text as version
             from band_attendees join bands on bands.id = band_attendees.band_id
            where band_attendees.version > bands.version and ${inOrgs('band_attendees')}`,
          params,
        ),
        exec<Versioned & { entity: string; entity_id: string }>(
          `select entity, entity_id, version::text as version from tombstones where ${inOrgs('tombstones')}`,
          params,
        ),
      ]);

      type Item = { version: string; change?: Change; tombstone?: Tombstone };
      const items: Item[] = [];
      for (const o of orgs) {
        if (BigInt(o.version ?? '0') > BigInt(since)) {
          items.push({
            version: o.version,
            change: {
              entity: 'organization',
              id: o.id,
              version: o.version,
              row: { id: o.id, name: o.name, role: o.role, attendees: attendeesIn.get(o.id)! },
            },
          });
        }
      }
      for (const e of events) {
        const row = {
          id: String(e.id),
          orgId: String(e.org_id),
          name: String(e.name),
          timezone: String(e.timezone),
          fallbackUrl: String(e.fallback_url),
          overrideMode: (e.override_mode ?? null) as 'PRE' | 'LIVE' | 'POST' | null,
        };
        items.push({ version: e.version, change: { entity: 'event', id: row.id, version: e.version, row } });
      }
      for (const w of windows) {
        const row = {
          id: String(w.id),
          eventId: String(w.event_id),
          kind: w.kind as 'PRE' | 'LIVE' | 'POST',
          url: String(w.url),
          startsAt: iso(w.starts_at as Date)!,
          endsAt: iso(w.ends_at as Date)!,
        };
        items.push({ version: w.version, change: { entity: 'window', id: row.id, version: w.version, row } });
      }
      for (const b of [...bands, ...attendees]) {
        const attendee = b.attendee_id
          ? { name: b.attendee_name, email: b.attendee_email, ticketCode: b.attendee_ticket_code }
          : null;
        const row = {
          id: b.id,
          bandId: b.band_id,
          uid: b.uid,
          eventId: b.event_id,
          status: b.status,
          stationId: b.station_id,
          registeredAt: iso(b.registered_at),
          trust: b.trust,
          replacedBy: b.replaced_by,
          secretVersion: b.secret_version,
          attendee: attendeeForDesk(attendee, attendeesIn.get(b.org_id) ?? 'NONE'),
        };
        items.push({ version: b.version, change: { entity: 'band', id: row.bandId, version: b.version, row } });
      }
      if (!reset) {
        for (const t of tombstones) {
          const entity = ENTITY_OF_TABLE[t.entity];
          // Tombstones of tables the desktop does not replicate still move the cursor.
          items.push(
            entity
              ? { version: t.version, tombstone: { entity, id: t.entity_id, version: t.version } }
              : { version: t.version },
          );
        }
      } else {
        for (const t of tombstones) items.push({ version: t.version });
      }

      items.sort((a, b) =>
        BigInt(a.version) < BigInt(b.version) ? -1 : BigInt(a.version) > BigInt(b.version) ? 1 : 0,
      );
      const page = items.slice(0, input.limit);
      const hasMore = items.length > input.limit;
      const lastVersion = page.at(-1)?.version ?? since;

      const client = await exec<{ last_mutation_id: string }>(
        'select last_mutation_id::text as last_mutation_id from sync_clients where client_id = ? and user_id = ?',
        [input.clientId, input.userId],
      );
      return {
        reset,
        changes: page.flatMap((i) => (i.change ? [i.change] : [])),
        tombstones: page.flatMap((i) => (i.tombstone ? [i.tombstone] : [])),
        cursor: encodeCursor(lastVersion, orgKeys),
        hasMore,
        lastMutationId: Number(client[0]?.last_mutation_id ?? 0),
      };
    },
    // READ COMMITTED on purpose: a REPEATABLE READ snapshot would be taken before the barrier is granted.
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
}
