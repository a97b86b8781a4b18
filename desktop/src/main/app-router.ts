import { type ChooseDestination, createTapExportRouter } from './analytics/tap-export.router.ts';
import type { TapExports } from './analytics/tap-export.ts';
import { createBandCsvRouter } from './bands/band-csv.router.ts';
import { createNfcRouter } from './nfc/nfc.router.ts';
import type { NfcService } from './nfc/nfc.service.ts';
import { createOrgsRouter } from './orgs/orgs.router.ts';
import { createCloudRouter } from './session/cloud.router.ts';
import { createSessionRouter } from './session/session.router.ts';
import type { SessionService } from './session/session.service.ts';
import { createSettingsRouter } from './settings/settings.router.ts';
import type { SettingsStore } from './settings/settings.ts';
import type { LocalStore } from './store/local-store.ts';
import { createStoreRouter } from './store/store.router.ts';
import { createSyncRouter } from './sync/sync.router.ts';
import type { SyncEngine } from './sync/sync-engine.ts';
import { router } from './trpc.ts';

/** Everything the desktop router is built from; the composition roots (Electron, browser mode) hand in real ones. */
export interface AppRouterDeps {
  settings: SettingsStore;
  session: SessionService;
  store: LocalStore;
  sync: SyncEngine;
  nfc: NfcService;
  tapExports: TapExports;
  /** Electron's save dialog; null in browser mode, where the host serves the file as a download. */
  chooseDestination: ChooseDestination | null;
}

/**
 * The one router of the desktop main process, served to the renderer over IPC (Electron) or HTTP/WebSocket
 * (browser mode). Composed here from each feature's router factory.
 */
export function createAppRouter(deps: AppRouterDeps) {
  return router({
    settings: createSettingsRouter(deps.settings),
    session: createSessionRouter(deps.session),
    cloud: createCloudRouter({
      session: deps.session,
      afterChange: () => deps.sync.syncNow(),
      pendingBandChanges: (eventId) => deps.store.pendingBandChanges(eventId),
    }),
    orgs: createOrgsRouter({ session: deps.session, afterChange: () => deps.sync.syncNow() }),
    store: createStoreRouter(deps.store),
    bandCsv: createBandCsvRouter(deps.store),
    sync: createSyncRouter(deps.sync),
    tapExport: createTapExportRouter(deps.tapExports, deps.chooseDestination),
    nfc: createNfcRouter(deps.nfc),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
