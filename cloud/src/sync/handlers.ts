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
import { type OrgCtx, orgRoleOverRow, type SessionCtx } from '../auth/org-access.ts';
import { reassignBand, releaseBand, replaceDeskBand } from '../bands/band-lifecycle.service.ts';
import { bandOrgOf, patchAttendee } from '../bands/bands.service.ts';
import { registerDeskBands } from '../bands/desk-registration.service.ts';
import { eventOrgOf, updateEvent } from '../events/events.service.ts';
import { createWindow, deleteWindow, saveWindows, updateWindow, windowOrgOf } from '../windows/windows.service.ts';
import type { BatchHandler, MutationHandler } from './push.ts';

export const applyOne: MutationHandler = async (ctx, mutation) => {
  switch (mutation.name) {
    case 'event.update': {
      const { eventId, patch } = mutation.args;
      const editor = await editorOver(ctx, await eventOrgOf(ctx.em, eventId));
      if (!editor) throw EVENT_NOT_FOUND();
      await updateEvent(editor, EventUpdateInput.parse({ orgId: editor.org.id, eventId, ...patch }));
      return undefined;
    }
    case 'window.create': {
      const { windowId, ...fields } = mutation.args;
      const editor = await editorOver(ctx, await eventOrgOf(ctx.em, fields.eventId));
      if (!editor) throw EVENT_NOT_FOUND();
      await createWindow(editor, WindowCreateInput.parse({ orgId: editor.org.id, id: windowId, ...fields }));
      return undefined;
    }
    case 'window.update': {
      const { windowId, patch } = mutation.args;
      const editor = await editorOver(ctx, await windowOrgOf(ctx.em, windowId));
      if (!editor) throw new DomainError('NOT_FOUND', 'Window not found');
      await updateWindow(editor, WindowUpdateInput.parse({ orgId: editor.org.id, windowId, ...patch }));
      return undefined;
    }
    case 'window.delete': {
      const { windowId } = mutation.args;
      const editor = await editorOver(ctx, await windowOrgOf(ctx.em, windowId));
      // Deleting what is already gone (or never was this user's to see) is what the user wanted: not a conflict.
      if (!editor) return 'The window was already deleted.';
      await deleteWindow(editor, WindowDeleteInput.parse({ orgId: editor.org.id, windowId }));
      return undefined;
    }
    case 'windows.save': {
      const { eventId, put, remove } = mutation.args;
      const editor = await editorOver(ctx, await eventOrgOf(ctx.em, eventId));
      if (!editor) throw EVENT_NOT_FOUND();
      const orgId = editor.org.id;
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
    case 'band.setAttendee': {
      const editor = await editorOver(ctx, await bandOrgOf(ctx.em, mutation.args.bandId));
      if (!editor) throw new DomainError('NOT_FOUND', `Band ${mutation.args.bandId} not found`);
      await patchAttendee(editor, mutation.args);
      return undefined;
    }
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

const EVENT_NOT_FOUND = () => new DomainError('NOT_FOUND', 'Event not found');

/**
 * Mutations change an organization's data: the EDITOR role, as for the same change made online, checked
 * before the input's own, as in `orgProcedure`. Null when the named row is not in any of the caller's
 * organizations: another organization's row is answered as one that does not exist (`orgRoleOverRow`).
 */
async function editorOver(ctx: SessionCtx, orgId: string | null): Promise<OrgCtx | null> {
  const org = await orgRoleOverRow(ctx.em, ctx.session, orgId, 'EDITOR');
  return org && { ...ctx, org };
}
