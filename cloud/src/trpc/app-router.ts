/** The cloud's tRPC API: one router per feature. The desktop imports `type AppRouter` only. */
import { authRouter } from '../auth/auth.router.ts';
import { eventsRouter } from '../events/events.router.ts';
import { router } from './init.ts';

export const appRouter = router({
  auth: authRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
