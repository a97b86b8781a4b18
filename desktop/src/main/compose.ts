import { join } from 'node:path';
import type { ChooseDestination } from './analytics/tap-export.router.ts';
import { createTapExports } from './analytics/tap-export.ts';
import { createAppRouter } from './app-router.ts';
import type { DesktopConfig } from './config.ts';
import { createBandIdMinter } from './nfc/band-id-minter.ts';
import { NfcService } from './nfc/nfc.service.ts';
import { loadNfcPcsc } from './nfc/nfc-pcsc-loader.ts';
import { createOrgSecretStore } from './nfc/org-secret-store.ts';
import { createCloudOrgSecrets } from './nfc/tag-secrets.ts';
import { cloudCall } from './session/cloud-call.ts';
import { cloudJoin, cloudLogin } from './session/cloud-login.ts';
import type { StringCipher } from './session/encrypted-file.ts';
import { createSessionService } from './session/session.service.ts';
import type { SessionStore } from './session/session-store.ts';
import { defaultSettings, openSettingsStore } from './settings/settings.ts';
import { createStoreBandRegistry } from './store/band-registry.ts';
import { LocalStore } from './store/local-store.ts';
import { createSyncEngine } from './sync/sync-engine.ts';
import { createCloudTransport } from './sync/transport.ts';

/**
 * The desktop's services in order (settings and session → local store → NFC → sync), shared by both composition
 * roots: Electron (`index.ts`, token and organization secrets in safeStorage, `cipher`) and browser mode
 * (`host/main.ts`, both in memory).
 */
export async function composeDesktop(
  config: Readonly<DesktopConfig>,
  dataDir: string,
  sessionStore: SessionStore,
  cipher: StringCipher | null = null,
  chooseDestination: ChooseDestination | null = null,
) {
  const settings = await openSettingsStore(join(dataDir, 'settings.json'), defaultSettings(config.hubBaseUrl));
  const session = createSessionService({ store: sessionStore, login: cloudLogin, join: cloudJoin });
  const store = await LocalStore.open({ file: join(dataDir, 'console.sqlite') });
  const orgOfEvent = async (eventId: string) =>
    (await store.events()).find((event) => event.id === eventId)?.orgId ?? null;
  const secrets = createCloudOrgSecrets({
    session,
    // The organization secrets the desk was handed, kept for encoding offline.
    kept: createOrgSecretStore(cipher && { file: join(dataDir, 'org-secrets.bin'), cipher }),
    orgOfEvent,
  });
  const nfc = new NfcService({
    registry: createStoreBandRegistry(store),
    settings: () => {
      const { hubBaseUrl, lockAfterWrite, readers } = settings.get();
      return { hubBaseUrl, lockAfterEncode: lockAfterWrite, readers };
    },
    // Tap trust: bands are write-protected with a password derived from the organization's secret.
    tagSecret: secrets.tagSecret,
    // NTAG 424 DNA bands: keys diversified from the organization's master key (asked when a station encodes).
    sdmKeys: secrets.sdmKeys,
    mintBandId: createBandIdMinter(orgOfEvent),
    now: () => new Date(),
    loadNfc: loadNfcPcsc,
    // Linux: probe pcscd's socket first (nfc-pcsc blocks while pcscd is absent); elsewhere PC/SC is built in.
    pcscdSocket: process.platform === 'linux' ? '/run/pcscd/pcscd.comm' : null,
  });
  await nfc.start();
  const sync = createSyncEngine({ store, transport: createCloudTransport(() => session.require()) });
  session.onChange((signedIn) => {
    if (signedIn) sync.signedIn();
  });
  await sync.start();
  const { call } = cloudCall({ session, afterChange: async () => {} });
  const tapExports = createTapExports({
    dir: join(dataDir, 'exports'),
    fetchPage: (input) => call((cloud) => cloud.analytics.exportCsv.query(input)),
  });
  const router = createAppRouter({ settings, session, store, sync, nfc, tapExports, chooseDestination });
  return {
    router,
    settings,
    session,
    store,
    sync,
    nfc,
    tapExports,
    async close() {
      await nfc.close();
      await sync.stop();
      await store.close();
    },
  };
}
