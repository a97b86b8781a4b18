/**
 * The NFC stations' `BandRegistry` on the local store: every registration, replacement, reassignment or release is
 * a local mutation (recorded at once, offline too, and queued for the cloud). Lookups read the replica,
 * so a tag encoded at another desk is known here once it has been pulled.
 */
import { DomainError } from '@sparkmotion/shared/errors';
import type { BandRegistration, BandRegistry, BandTrust } from '../nfc/band-registry.ts';
import type { LocalStore } from './local-store.ts';

type Row = NonNullable<Awaited<ReturnType<LocalStore['band']>>>;

/** UIDs are upper-case hex on the wire and in the store; the NFC side speaks lower-case. */
const toRegistration = (band: Row): BandRegistration => ({
  bandId: band.bandId,
  uid: (band.uid ?? '').toLowerCase(),
  eventId: band.eventId,
  stationId: band.stationId ?? '',
  registeredAt: new Date(band.registeredAt ?? 0),
  ...(band.trust ? { trust: band.trust as BandTrust } : {}),
  ...(band.replacedBy ? { replacedBy: band.replacedBy } : {}),
  // A protected band is opened with the version it was written with (docs/secrets.md).
  ...(band.secretVersion ? { secretVersion: band.secretVersion } : {}),
});

/** What `band.register` and `band.replace` record of a band the station encoded. */
const registerArgs = (registration: BandRegistration) => ({
  bandId: registration.bandId,
  uid: registration.uid.toUpperCase(),
  eventId: registration.eventId,
  stationId: registration.stationId,
  registeredAt: registration.registeredAt.toISOString(),
  // The cloud classifies the band's taps by it from the first one (docs/tap-trust.md).
  ...(registration.trust ? { trust: registration.trust } : {}),
  // …with the secret version its keys derive from (an NTAG 424 DNA's SUN, an NTAG21x's password).
  ...(registration.secretVersion ? { secretVersion: registration.secretVersion } : {}),
});

export function createStoreBandRegistry(store: LocalStore): BandRegistry {
  return {
    async register(registration) {
      await store.mutate('band.register', registerArgs(registration));
    },
    async findByBandId(bandId) {
      const band = await store.band({ bandId });
      return band ? toRegistration(band) : null;
    },
    async findByUid(uid) {
      const band = await store.band({ uid: uid.toUpperCase() });
      return band ? toRegistration(band) : null;
    },
    async reassign(bandId, toEventId) {
      await store.mutate('band.reassign', { bandId, eventId: toEventId });
      const band = await store.band({ bandId });
      if (!band) throw new DomainError('NOT_FOUND', `No band ${bandId}.`);
      return toRegistration(band);
    },
    async replace(lostBandId, replacement) {
      await store.mutate('band.replace', { lostBandId, ...registerArgs(replacement) });
      const band = await store.band({ bandId: replacement.bandId });
      return { attendeeName: band?.attendeeName ?? null };
    },
    async release(uid) {
      const band = await store.band({ uid: uid.toUpperCase() });
      if (band) await store.mutate('band.release', { bandId: band.bandId, uid: uid.toUpperCase() });
    },
  };
}
