import { OrgScoped } from '@sparkmotion/shared/schemas/common.schema';
import { OrgAcceptInviteInput, OrgInviteInput, OrgRevokeInviteInput } from '@sparkmotion/shared/schemas/orgs.schema';
import { orgProcedure, publicProcedure, router } from '../trpc/init.ts';
import { acceptInvite, invite, pendingInvitations, revokeInvite } from './invitations.service.ts';

/** Invitations to an organization (part of the `orgs` API). */
export const invitationsRouter = router({
  /** Returns the invitation token once: the OWNER hands it over; the invitee accepts it with `acceptInvite`. */
  invite: orgProcedure('OWNER')
    .input(OrgInviteInput)
    .mutation(({ ctx, input }) => invite(ctx, input)),
  invitations: orgProcedure('OWNER')
    .input(OrgScoped)
    .query(({ ctx }) => pendingInvitations(ctx)),
  revokeInvite: orgProcedure('OWNER')
    .input(OrgRevokeInviteInput)
    .mutation(({ ctx, input }) => revokeInvite(ctx, input)),
  acceptInvite: publicProcedure
    .input(OrgAcceptInviteInput)
    .mutation(({ ctx, input }) =>
      acceptInvite(
        ctx,
        input,
        { newAccounts: ctx.deps.newAccountThrottle, passwordChecks: ctx.deps.loginThrottle },
        ctx.deps.config.auth.sessionTtlMs,
      ),
    ),
});
