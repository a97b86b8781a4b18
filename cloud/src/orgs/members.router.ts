import { OrgScoped } from '@sparkmotion/shared/schemas/common.schema';
import { OrgChangeRoleInput, OrgRemoveMemberInput } from '@sparkmotion/shared/schemas/orgs.schema';
import { orgProcedure, router } from '../trpc/init.ts';
import { changeRole, listMembers, removeMember } from './members.service.ts';

/** An organization's members (part of the `orgs` API). */
export const membersRouter = router({
  members: orgProcedure('VIEWER')
    .input(OrgScoped)
    .query(({ ctx }) => listMembers(ctx)),
  changeRole: orgProcedure('OWNER')
    .input(OrgChangeRoleInput)
    .mutation(({ ctx, input }) => changeRole(ctx, input)),
  /** Anyone may leave; removing someone else needs the OWNER role. */
  removeMember: orgProcedure('VIEWER')
    .input(OrgRemoveMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx, input)),
});
