import { OrphansInput, PrivacySetInput } from '@sparkmotion/shared/schemas/analytics.schema';
import { AuditListInput } from '@sparkmotion/shared/schemas/audit.schema';
import { OrgScoped } from '@sparkmotion/shared/schemas/common.schema';
import {
  OrgChangeRoleInput,
  OrgInviteInput,
  OrgRemoveMemberInput,
  OrgRevokeInviteInput,
  OrgUpdateInput,
} from '@sparkmotion/shared/schemas/orgs.schema';
import { type CloudCallDeps, cloudCall } from '../session/cloud-call.ts';
import { invitationLink } from '../session/invitation-link.ts';
import { publicProcedure, router } from '../trpc.ts';

/**
 * An organization's team and audit log, which live in the cloud only (the desk does not replicate them):
 * members and roles, invitations (the invitee gets a link, no mail server needed), and who changed what.
 * The cloud decides who may (OWNER for changes, the last OWNER kept).
 */
export function createOrgsRouter(deps: CloudCallDeps) {
  const { call, changed } = cloudCall(deps);
  return router({
    /** The organization's name and branding; the OWNER changes them (the branding shows on attendees' pages). */
    get: publicProcedure.input(OrgScoped).query(({ input }) => call((c) => c.orgs.get.query(input))),
    update: publicProcedure
      .input(OrgUpdateInput)
      .mutation(({ input }) => changed(call((c) => c.orgs.update.mutate(input)))),
    members: publicProcedure.input(OrgScoped).query(({ input }) => call((c) => c.orgs.members.query(input))),
    invitations: publicProcedure.input(OrgScoped).query(({ input }) => call((c) => c.orgs.invitations.query(input))),
    /** The invitation and the link that accepts it: `<cloud>/invite#<token>` (the token never hits a log). */
    invite: publicProcedure.input(OrgInviteInput).mutation(async ({ input }) => {
      const session = await deps.session.require();
      const invitation = await call((c) => c.orgs.invite.mutate(input));
      const { token, ...rest } = invitation;
      return { ...rest, link: invitationLink(session.cloudUrl, token) };
    }),
    revokeInvite: publicProcedure
      .input(OrgRevokeInviteInput)
      .mutation(({ input }) => call((c) => c.orgs.revokeInvite.mutate(input))),
    changeRole: publicProcedure
      .input(OrgChangeRoleInput)
      .mutation(({ input }) => changed(call((c) => c.orgs.changeRole.mutate(input)))),
    removeMember: publicProcedure
      .input(OrgRemoveMemberInput)
      .mutation(({ input }) => changed(call((c) => c.orgs.removeMember.mutate(input)))),
    audit: publicProcedure.input(AuditListInput).query(({ input }) => call((c) => c.audit.list.query(input))),
    /** IP privacy mode and how long raw IPs and raw taps are kept (OWNER changes them). */
    privacy: publicProcedure.input(OrgScoped).query(({ input }) => call((c) => c.analytics.privacy.query(input))),
    setPrivacy: publicProcedure
      .input(PrivacySetInput)
      .mutation(({ input }) => call((c) => c.analytics.setPrivacy.mutate(input))),
    /** Platform admins only (the cloud refuses anyone else): every organization, taps nobody owns. */
    admin: router({
      me: publicProcedure.query(() => call((c) => c.auth.me.query())),
      organizations: publicProcedure.query(() => call((c) => c.orgs.listAll.query())),
      orphans: publicProcedure.input(OrphansInput).query(({ input }) => call((c) => c.analytics.orphans.query(input))),
    }),
  });
}
