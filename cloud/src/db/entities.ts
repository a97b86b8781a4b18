/**
 * Every entity the cloud's ORM knows. A feature that adds an entity adds it here (one line) and its table in
 * a migration of its own.
 */
import { AuditLogSchema } from '../audit/audit-log.entity.ts';
import { SessionSchema } from '../auth/session.entity.ts';
import { UserSchema } from '../auth/user.entity.ts';
import { BandSchema } from '../bands/band.entity.ts';
import { BandAttendeeSchema } from '../bands/band-attendee.entity.ts';
import { EventSchema } from '../events/event.entity.ts';
import { EventWindowSchema } from '../events/event-window.entity.ts';
import { InvitationSchema } from '../orgs/invitation.entity.ts';
import { OrgUserSchema } from '../orgs/org-user.entity.ts';
import { OrganizationSchema } from '../orgs/organization.entity.ts';

export const coreEntities = [
  OrganizationSchema,
  OrgUserSchema,
  InvitationSchema,
  EventSchema,
  EventWindowSchema,
  BandSchema,
  BandAttendeeSchema,
  UserSchema,
  SessionSchema,
  AuditLogSchema,
];
