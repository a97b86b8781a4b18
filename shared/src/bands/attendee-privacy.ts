/**
 * How much of a band's attendee a desk may hold (docs/attendees.md). The organization's OWNER sets the rule;
 * the cloud applies it to every pull, so a desk's replica (a file on a laptop at a festival gate) never holds
 * more than the rule allows:
 * - FULL: name, email and ticket code.
 * - NAME_AND_TICKET (the default): name and ticket code, enough to find a person at the desk; the email, the
 *   contact datum, stays in the cloud.
 * - NONE: no attendee detail at all.
 * A VIEWER's desk gets at most NAME_AND_TICKET whatever the rule: it may look people up, not contact them.
 */
import { z } from 'zod';
import type { OrgRole } from '../schemas/common.schema.ts';

export const DeskAttendees = z.enum(['FULL', 'NAME_AND_TICKET', 'NONE']);
export type DeskAttendees = z.infer<typeof DeskAttendees>;

export const DEFAULT_DESK_ATTENDEES: DeskAttendees = 'NAME_AND_TICKET';

const RANK: Record<DeskAttendees, number> = { NONE: 0, NAME_AND_TICKET: 1, FULL: 2 };

/** What a member of the given role may hold under the organization's rule. */
export function deskAttendeesFor(rule: DeskAttendees, role: OrgRole | string): DeskAttendees {
  const cap: DeskAttendees = role === 'VIEWER' ? 'NAME_AND_TICKET' : 'FULL';
  return RANK[rule] <= RANK[cap] ? rule : cap;
}

/**
 * What a member of the role sees of attendees in the cloud's own answers (band views, search, CSV export):
 * the role's cap alone. The organization's rule is about what lives on desks; in the cloud an EDITOR sees
 * everything, a VIEWER no email (docs/attendees.md).
 */
export const attendeesInCloudFor = (role: OrgRole | string): DeskAttendees => deskAttendeesFor('FULL', role);

export type AttendeeFields = { name: string | null; email: string | null; ticketCode: string | null };

/** An attendee link holds someone only when one of its fields is set: one with none is no link. */
export const hasAttendee = (a: { name?: string | null; email?: string | null; ticketCode?: string | null }): boolean =>
  Boolean(a.name || a.email || a.ticketCode);

/** The attendee as a desk under `level` may hold it; null when nothing of it may leave the cloud. */
export function attendeeForDesk(attendee: AttendeeFields | null, level: DeskAttendees): AttendeeFields | null {
  if (!attendee || level === 'NONE') return null;
  const shown = level === 'FULL' ? attendee : { ...attendee, email: null };
  return hasAttendee(shown) ? shown : null;
}
