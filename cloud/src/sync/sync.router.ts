import { PullRequest, PushRequest } from '@sparkmotion/shared/sync/protocol';
import { authedProcedure, router } from '../trpc/init.ts';
import { applyOne, registerBands } from './handlers.ts';
import { pull } from './pull.ts';
import { push } from './push.ts';

/** The desktop's sync endpoint: `push` (exactly-once mutations) and `pull` (changes since a cursor). */
export const syncRouter = router({
  push: authedProcedure
    .input(PushRequest)
    .mutation(({ ctx, input }) => push(ctx, input, { one: applyOne, batch: { 'band.register': registerBands } })),
  pull: authedProcedure.input(PullRequest).query(({ ctx, input }) =>
    pull(ctx.em, {
      userId: ctx.session.userId,
      clientId: input.clientId,
      cursor: input.cursor,
      limit: input.limit,
    }),
  ),
});
