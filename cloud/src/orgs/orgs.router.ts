import { OrgScoped } from '@sparkmotion/shared/schemas/common.schema';
import { OrgCreateInput, OrgUpdateInput } from '@sparkmotion/shared/schemas/orgs.schema';
import { adminProcedure, authedProcedure, mergeRouters, orgProcedure, router } from '../trpc/init.ts';
import { invitationsRouter } from './invitations.router.ts';
import { membersRouter } from './members.router.ts';
import { createOrg, getOrg, listAllOrgs, listMyOrgs, updateOrg } from './orgs.service.ts';

const orgSettingsRouter = router({
  create: authedProcedure.input(OrgCreateInput).mutation(({ ctx, input }) => createOrg(ctx, input)),
  listMine: authedProcedure.query(({ ctx }) => listMyOrgs(ctx)),
  listAll: adminProcedure.query(({ ctx }) => listAllOrgs(ctx.em)),
  get: orgProcedure('VIEWER')
    .input(OrgScoped)
    .query(({ ctx }) => getOrg(ctx)),
  update: orgProcedure('OWNER')
    .input(OrgUpdateInput)
    .mutation(({ ctx, input }) => updateOrg(ctx, input)),
});

/** Organizations: their settings, members and invitations, under one `orgs` path. */
export const orgsRouter = mergeRouters(orgSettingsRouter, membersRouter, invitationsRouter);
