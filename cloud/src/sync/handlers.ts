/**
 * How each sync mutation is applied on the cloud. Where a feature router exists, the mutation goes
 * through it (same input schema, role check, business rules and audit as the console's online
 * calls); band registrations take a bulk path because a desk queues thousands of them offline.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@sparkmotion/shared/errors';
import type { DeskBandTrust, Mutation } from '@sparkmotion/shared/sync/mutations';
import { decideBandRegistration } from '@sparkmotion/shared/sync/rules';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import { type BandDraft, checkBands } from '../bands/band-registration.ts';
import { eventsRouter } from '../events/events.router.ts';
import type { Context, SessionUser } from '../trpc/context.ts';
import { createCallerFactory, orgProcedure, router } from '../trpc/init.ts';
import { windowsRouter } from '../windows/windows.router.ts';
import type { BatchHandler, MutationHandler } from './push.ts';

type Ctx = Context & { session: SessionUser };

const eventsCaller = createCallerFactory(eventsRouter);
const windowsCaller = createCallerFactory(windowsRouter);

export const applyOne: MutationHandler = async (ctx, mutation) => {
  switch (mutation.name) {
    case 'event.update': {
      const orgId = await orgOf(ctx.em, 'events', mutation.args.eventId);
      await eventsCaller(ctx).update({ orgId, eventId: mutation.args.eventId, ...mutation.args.patch });
      return;
    }
    case 'window.create': {
      const { windowId, ...fields } = mutation.args;
      const orgId = await orgOf(ctx.em, 'events', fields.eventId);
      await windowsCaller(ctx).create({ orgId, id: windowId, ...fields });
      return undefined;
    }
    case 'window.update': {
      const orgId = await orgOf(ctx.em, 'event_windows', mutation.args.windowId);
      await windowsCaller(ctx).update({ orgId, windowId: mutation.args.windowId, ...mutation.args.patch });
      return undefined;
    }
    case 'window.delete': {
      const rows = await exec<{ org_id: string }>(ctx.em, 'select org_id from event_windows where id = ?', [
        mutation.args.windowId,
      ]);
      // Deleting what is already gone is what the user wanted: not a conflict.
      if (!rows[0]) return 'The window was already deleted.';
      await windowsCaller(ctx).delete({ orgId: rows[0].org_id, windowId: mutation.args.windowId });
      return undefined;
    }
    case 'band.reassign': {
      const rows = await exec<{ id: string; org_id: string; event_id: string }>(
        ctx.em,
        'select id, org_id, event_id from bands where band_id = ?',
        [mutation.args.bandId],
      );
      const band = rows[0];
      if (!band) throw new DomainError('NOT_FOUND', `Band ${mutation.args.bandId} not found`);
      const targetOrg = await orgOf(ctx.em, 'events', mutation.args.eventId);
      if (targetOrg !== band.org_id)
        throw new DomainError('FORBIDDEN', 'A band can only move to an event of its own organization');
      await requireEditor(ctx, band.org_id);
      await exec(ctx.em, 'update bands set event_id = ?, updated_at = now() where id = ?', [
        mutation.args.eventId,
        band.id,
      ]);
      recordAudit(ctx.em, {
        orgId: band.org_id,
        actorId: ctx.session.userId,
        action: 'band.reassign',
        entity: 'band',
        entityId: mutation.args.bandId,
        before: { eventId: band.event_id },
        after: { eventId: mutation.args.eventId },
      });
      await ctx.em.flush();
      return;
    }
    case 'band.release': {
      const rows = await exec<{ id: string; org_id: string; status: string }>(
        ctx.em,
        'select id, org_id, status from bands where band_id = ? and uid = ?',
        [mutation.args.bandId, mutation.args.uid],
      );
      const band = rows[0];
      if (!band) return 'The band no longer carried that tag.';
      await requireEditor(ctx, band.org_id);
      await exec(ctx.em, "update bands set uid = null, status = 'DISABLED', updated_at = now() where id = ?", [
        band.id,
      ]);
      recordAudit(ctx.em, {
        orgId: band.org_id,
        actorId: ctx.session.userId,
        action: 'band.release',
        entity: 'band',
        entityId: mutation.args.bandId,
        before: { uid: mutation.args.uid, status: band.status },
        after: { uid: null, status: 'DISABLED' },
      });
      await ctx.em.flush();
      return undefined;
    }
    case 'band.register': {
      const [outcome] = await registerBands(ctx, [mutation]);
      if (!outcome!.ok) throw outcome!.error;
      return outcome!.transformed;
    }
  }
};

/**
 * Band registration in bulk, first wins per bandId and per tag UID within an organization (see
 * `decideBandRegistration`). An advisory lock per organization serializes concurrent desks, so the
 * check and the insert cannot interleave; the loser is rejected with BAND_ALREADY_REGISTERED.
 */
export const registerBands: BatchHandler = async (ctx, mutations) => {
  const list = mutations as Array<Extract<Mutation, { name: 'band.register' }>>;
  const outcomes: Awaited<ReturnType<BatchHandler>> = new Array(list.length);
  const byEvent = new Map<string, number[]>();
  list.forEach((m, index) => {
    byEvent.set(m.args.eventId, [...(byEvent.get(m.args.eventId) ?? []), index]);
  });
  for (const [eventId, indexes] of byEvent) {
    let orgId: string;
    try {
      orgId = await orgOf(ctx.em, 'events', eventId);
      await requireEditor(ctx, orgId);
    } catch (error) {
      for (const i of indexes) outcomes[i] = { ok: false, error: error as DomainError };
      continue;
    }
    await exec(ctx.em, 'select pg_advisory_xact_lock(hashtext(?))', [`bands:${orgId}`]);
    // The very same registration already stored (another desk scanned the same band for the same event) is
    // not a conflict; everything else goes through the bands feature's own checks (first wins).
    const same = await exec<{ band_id: string; uid: string | null; event_id: string }>(
      ctx.em,
      'select band_id, uid, event_id from bands where band_id in (select jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(indexes.map((i) => list[i]!.args.bandId))],
    );
    const stored = new Map(same.map((b) => [b.band_id, { bandId: b.band_id, uid: b.uid, eventId: b.event_id }]));
    const candidates = indexes.filter((i) => {
      const a = list[i]!.args;
      const decision = decideBandRegistration(a, { byBandId: stored.get(a.bandId) ?? null, byUid: null });
      if (decision.outcome === 'already-done') outcomes[i] = { ok: true };
      return decision.outcome !== 'already-done';
    });
    const drafts: BandDraft[] = candidates.map((i) => {
      const a = list[i]!.args;
      return { bandId: a.bandId, uid: a.uid, stationId: a.stationId, registeredAt: new Date(a.registeredAt) };
    });
    const errors = new Map((await checkBands(ctx.em, orgId, drafts)).map((e) => [e.row, e]));
    const accepted: Array<BandDraft & { trust: DeskBandTrust }> = [];
    candidates.forEach((i, row) => {
      const error = errors.get(row);
      if (error) {
        const a = list[i]!.args;
        const message = `Band ${a.bandId} (tag ${a.uid}) was registered first elsewhere: ${error.message}.`;
        outcomes[i] = { ok: false, error: new DomainError(error.code, message, { bandId: a.bandId }) };
      } else {
        outcomes[i] = { ok: true };
        // Mutations queued before desks reported the trust kind carry none: NONE, as before.
        accepted.push({ ...drafts[row]!, trust: list[i]!.args.trust ?? 'NONE' });
      }
    });
    if (accepted.length > 0) await insertBands(ctx, orgId, eventId, accepted);
  }
  return outcomes;
};

/**
 * Writes what `createBands` would (ACTIVE bands registered by the caller, with their station) plus one
 * audit row per band, as two INSERT … SELECT statements: a desk's offline backlog is thousands of bands,
 * and going through the unit of work cost ~0.5 ms per band. The rules stay `checkBands`'s. `bands.trust`
 * is what the desk encoded, so the tap classifier judges the band's very first tap by it.
 */
async function insertBands(
  ctx: Ctx,
  orgId: string,
  eventId: string,
  drafts: Array<BandDraft & { trust: DeskBandTrust }>,
): Promise<void> {
  const rows = JSON.stringify(
    drafts.map((d) => ({
      id: randomUUID(),
      band_id: d.bandId,
      uid: d.uid ?? null,
      registered_at: (d.registeredAt ?? ctx.now()).toISOString(),
      station_id: d.stationId ?? null,
      trust: d.trust,
    })),
  );
  await exec(
    ctx.em,
    `insert into bands (id, org_id, event_id, band_id, uid, status, registered_at, registered_by_id, station_id, trust)
     select x.id, ?::uuid, ?::uuid, x.band_id, x.uid, 'ACTIVE', x.registered_at, ?::uuid, x.station_id, x.trust
       from jsonb_to_recordset(?::jsonb) as x(id uuid, band_id text, uid text, registered_at timestamptz, station_id text, trust text)`,
    [orgId, eventId, ctx.session.userId, rows],
  );
  await exec(
    ctx.em,
    `insert into audit_log (id, org_id, actor_id, action, entity, entity_id, after)
     select gen_random_uuid(), ?::uuid, ?::uuid, 'band.register', 'band', x.band_id,
            jsonb_build_object('bandId', x.band_id, 'uid', x.uid, 'eventId', ?::text, 'stationId', x.station_id, 'trust', x.trust, 'source', 'sync')
       from jsonb_to_recordset(?::jsonb) as x(band_id text, uid text, station_id text, trust text)`,
    [orgId, ctx.session.userId, eventId, rows],
  );
}

async function exec<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

async function orgOf(em: EntityManager, table: 'events' | 'event_windows', id: string): Promise<string> {
  const rows = await exec<{ org_id: string }>(em, `select org_id from ${table} where id = ?`, [id]);
  if (!rows[0]) throw new DomainError('NOT_FOUND', table === 'events' ? 'Event not found' : 'Window not found');
  return rows[0].org_id;
}

/** The role check of `orgProcedure` itself, for mutations no feature procedure covers (reassign, release). */
const access = router({
  editor: orgProcedure('EDITOR')
    .input(z.object({ orgId: z.uuid() }))
    .query(() => true),
});
const accessCaller = createCallerFactory(access);

async function requireEditor(ctx: Ctx, orgId: string): Promise<void> {
  await accessCaller(ctx).editor({ orgId });
}
