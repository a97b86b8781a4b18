/** The cloud's tRPC API: one router per feature. The desktop imports `type AppRouter` only. */
import { analyticsRouter } from '../analytics/analytics.router.ts';
import { auditRouter } from '../audit/audit.router.ts';
import { authRouter } from '../auth/auth.router.ts';
import { bandsRouter } from '../bands/bands.router.ts';
import { eventsRouter } from '../events/events.router.ts';
import { orgsRouter } from '../orgs/orgs.router.ts';
import { syncRouter } from '../sync/sync.router.ts';
import { trustRouter } from '../trust/trust.router.ts';
import { windowsRouter } from '../windows/windows.router.ts';
import { router } from './init.ts';

export const appRouter = router({
  auth: authRouter,
  orgs: orgsRouter,
  events: eventsRouter,
  windows: windowsRouter,
  bands: bandsRouter,
  audit: auditRouter,
  sync: syncRouter,
  analytics: analyticsRouter,
  trust: trustRouter,
});

export type AppRouter = typeof appRouter;
