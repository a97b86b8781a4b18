import { DomainError } from '@sparkmotion/shared/errors';
import type { BandRegistration, BandRegistry } from './nfc/band-registry.ts';
import type { LocalStore } from './store/local-store.ts';

/**
 * The NFC stations' BandRegistry on the local store: a registration is a local `band.register` mutation
 * (applied at once, pushed by the sync engine), so encoding keeps working with the network down.
 * Tag UIDs are lower-case hex at the station and upper-case in the store.
 */
export function createLocalBandRegistry(store: LocalStore): BandRegistry {
  const toRegistration = (band: Awaited<ReturnType<LocalStore['band']>>): BandRegistration | null =>
    band?.uid
      ? {
          bandId: band.bandId,
          uid: band.uid.toLowerCase(),
          eventId: band.eventId,
          stationId: band.stationId ?? '',
          registeredAt: band.registeredAt ? new Date(band.registeredAt) : new Date(0),
        }
      : null;
  return {
    async register(registration) {
      await store.mutate('band.register', {
        bandId: registration.bandId,
        uid: registration.uid.toUpperCase(),
        eventId: registration.eventId,
        stationId: registration.stationId,
        registeredAt: registration.registeredAt.toISOString(),
      });
    },
    findByBandId: async (bandId) => toRegistration(await store.band({ bandId })),
    findByUid: async (uid) => toRegistration(await store.band({ uid })),
    async reassign(bandId, toEventId) {
      if (!(await store.band({ bandId }))) throw new DomainError('NOT_FOUND', `band ${bandId} is not known here`);
      await store.mutate('band.reassign', { bandId, eventId: toEventId });
      const moved = toRegistration(await store.band({ bandId }));
      if (!moved) throw new DomainError('NOT_FOUND', `band ${bandId} is not known here`);
      return moved;
    },
    async release(uid) {
      // The sync protocol has no "release" mutation: a tag that already carries a band keeps its
      // registration in the cloud; staff use lost-and-replace there instead of overwriting at the desk.
      if (await store.band({ uid })) {
        throw new DomainError('BAND_ALREADY_REGISTERED', 'This tag is a registered band: mark it lost in Bands first.');
      }
    },
  };
}
