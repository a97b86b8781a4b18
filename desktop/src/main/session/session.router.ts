import { DomainError } from '@sparkmotion/shared/errors';
import { observable } from '@trpc/server/observable';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.ts';
import { parseInvitationLink } from './invitation-link.ts';
import type { SessionService, SessionView } from './session.service.ts';

const SignInInput = z.object({
  cloudUrl: z.url({ protocol: /^https?$/ }),
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

const JoinInput = z.object({
  link: z.string().trim().min(1).max(2048),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10).max(200),
});

/** Cloud sign-in for the renderer; the token stays in the main process. */
export function createSessionRouter(session: SessionService) {
  return router({
    current: publicProcedure.query(() => session.current()),
    signIn: publicProcedure.input(SignInInput).mutation(({ input }) => session.signIn(input)),
    /** Joins from an invitation link (see invitation-link.ts) with a new account. */
    join: publicProcedure.input(JoinInput).mutation(({ input }) => {
      const link = parseInvitationLink(input.link);
      if (!link)
        throw new DomainError('BAD_INPUT', 'Not an invitation link', { fields: { link: ['not an invitation link'] } });
      return session.join({ ...link, name: input.name, password: input.password });
    }),
    signOut: publicProcedure.mutation(() => session.signOut()),
    onChange: publicProcedure.subscription(() =>
      observable<SessionView | null>((emit) => session.onChange((next) => emit.next(next))),
    ),
  });
}
