import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import type { SessionService, SessionView } from './session.service.ts';

const SignInInput = z.object({
  cloudUrl: z.url({ protocol: /^https?$/ }),
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

/** Cloud sign-in for the renderer; the token stays in the main process. */
export function createSessionRouter(session: SessionService) {
  return router({
    current: publicProcedure.query(() => session.current()),
    signIn: publicProcedure.input(SignInInput).mutation(({ input }) => session.signIn(input)),
    signOut: publicProcedure.mutation(() => session.signOut()),
    onChange: publicProcedure.subscription(() =>
      observable<SessionView | null>((emit) => session.onChange((next) => emit.next(next))),
    ),
  });
}
