import { z } from 'zod';
import { DeskAttendees } from '../bands/attendee-privacy.ts';
import { Branding } from '../branding/branding.ts';
import { CleanText, Email, Id, OrgRole, OrgScoped } from './common.schema.ts';

export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lower-case letters, digits and dashes'));

export const OrgCreateInput = z.object({
  name: CleanText.trim().min(1).max(200),
  slug: Slug,
  branding: Branding.optional(),
});
export const OrgUpdateInput = OrgScoped.extend({
  name: CleanText.trim().min(1).max(200).optional(),
  branding: Branding.optional(),
  /** How much of an attendee the organization's desks may hold. */
  deskAttendees: DeskAttendees.optional(),
});
export const OrgInviteInput = OrgScoped.extend({ email: Email, role: OrgRole });
export const OrgAcceptInviteInput = z.object({
  token: CleanText.min(20).max(200),
  /** Needed only when the invitee has no account yet. */
  name: CleanText.trim().min(1).max(200).optional(),
  password: z.string().min(10, 'at least 10 characters').max(200).optional(),
});
export const OrgChangeRoleInput = OrgScoped.extend({ userId: Id, role: OrgRole });
export const OrgRemoveMemberInput = OrgScoped.extend({ userId: Id });
export const OrgRevokeInviteInput = OrgScoped.extend({ invitationId: Id });
