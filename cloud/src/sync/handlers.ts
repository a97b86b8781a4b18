/**
 * How each sync mutation is applied on the cloud: through the same services (input schema, role check,
 * business rules and audit) as the console's online calls. Band registrations take the bulk path because a
 * desk queues thousands of them offline.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import { EventUpdateInput } from '@sparkmotion/shared/schemas/events.schema';
import {
  WindowCreateInput,
  WindowDeleteInput,
  WindowSaveInput,
  WindowUpdateInput,
} from '@sparkmotion/shared/schemas/windows.schema';
import type { Mutation } from '@sparkmotion/shared/sync/mutations';
import { type OrgCtx, requireOrgRole, type SessionCtx } from '../auth/org-access.ts';
import { reassignBand, releaseBand, replaceDeskBand } from '../bands/band-lifecycle.service.ts';
import { registerDeskBands } from '../bands/desk-registration.service.ts';
import { eventOrgOf, updateEvent } from '../events/events.service.ts';
import { createWindow, deleteWindow, saveWindows, updateWindow, windowOrgOf } from '../windows/windows.service.ts';
import type { BatchHandler, MutationHandler } from './push.ts';

export const applyOne: MutationHandler = async (ctx, mutation) => {
  switch (mutation.name) {
    case 'event.update': {
      const orgId = await eventOrgOf(ctx.em, mutation.args.eventId);
      const editor = await asEditor(ctx, orgId);
      await updateEvent(
        editor,
        EventUpdateInput.parse({ orgId, eventId: mutation.args.eventId, ...mutation.args.patch }),
      );
      return undefined;
    }
    case 'window.create': {
      const { windowId, ...fields } = mutation.args;
      const orgId = await eventOrgOf(ctx.em, fields.eventId);
      const editor = await asEditor(ctx, orgId);
      await createWindow(editor, WindowCreateInput.parse({ orgId, id: windowId, ...fields }));
      return undefined;
    }
    case 'window.update': {
      const orgId = await windowOrgOf(ctx.em, mutation.args.windowId);
      if (!orgId) throw new DomainError('NOT_FOUND', 'Window not found');
      const editor = await asEditor(ctx, orgId);
      await updateWindow(
        editor,
        WindowUpdateInput.parse({ orgId, windowId: mutation.args.windowId, ...mutation.args.patch }),
      );
      return undefined;
    }
    case 'window.delete': {
      const orgId = await windowOrgOf(ctx.em, mutation.args.windowId);
      // Deleting what is already gone is what the user wanted: not a conflict.
      if (!orgId) return 'The window was already deleted.';
      const editor = await asEditor(ctx, orgId);
      await deleteWindow(editor, WindowDeleteInput.parse({ orgId, windowId: mutation.args.windowId }));
      return undefined;
    }
    case 'windows.save': {
      const { eventId, put, remove } = mutation.args;
      const orgId = await eventOrgOf(ctx.em, eventId);
      const editor = await asEditor(ctx, orgId);
      const input = { orgId, eventId, put: put.map(({ windowId, ...w }) => ({ id: windowId, ...w })), remove };
      await saveWindows(editor, WindowSaveInput.parse(input));
      return undefined;
    }
    case 'band.reassign':
      await reassignBand(ctx, mutation.args);
      return undefined;
    case 'band.release':
      return releaseBand(ctx, mutation.args);
    case 'band.replace':
      await replaceDeskBand(ctx, mutation.args);
      return undefined;
    case 'band.register': {
      const [outcome] = await registerDeskBands(ctx, [mutation.args]);
      if (!outcome!.ok) throw outcome!.error;
      return undefined;
    }
  }
};

export const registerBands: BatchHandler = (ctx, mutations) =>
  registerDeskBands(
    ctx,
    mutations.map((m) => (m as Extract<Mutation, { name: 'band.register' }>).args),
  );

/**
 * Mutations change an organization's data: the EDITOR role, as for the same change made online. The check
 * comes before the input's own, as in `orgProcedure`.
 */
async function asEditor(ctx: SessionCtx, orgId: string): Promise<OrgCtx> {
  return { ...ctx, org: await requireOrgRole(ctx.em, ctx.session, orgId, 'EDITOR') };
}
