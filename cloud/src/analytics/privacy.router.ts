/** The organization's tap privacy (`privacy.service.ts`): anyone in it may read it, its OWNER sets it. */
import { PrivacyGetInput, PrivacySetInput } from '@sparkmotion/shared/schemas/analytics.schema';
import { orgProcedure, router } from '../trpc/init.ts';
import { getPrivacy, setPrivacy } from './privacy.service.ts';

export const privacyRouter = router({
  privacy: orgProcedure('VIEWER')
    .input(PrivacyGetInput)
    .query(({ ctx }) => getPrivacy(ctx, ctx.deps.config.taps)),

  /** Applies to taps flushed from now on; retention applies to every stored tap at the next hourly run. */
  setPrivacy: orgProcedure('OWNER')
    .input(PrivacySetInput)
    .mutation(({ ctx, input }) => setPrivacy(ctx, input)),
});
