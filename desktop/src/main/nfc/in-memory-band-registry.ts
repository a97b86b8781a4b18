import { DomainError } from '@sparkmotion/shared/errors';
import type { BandRegistration, BandRegistry } from './band-registry.ts';

/** A `BandRegistry` in a Map: for tests, the benchmark and the demo. The product uses the local store. */
export class InMemoryBandRegistry implements BandRegistry {
  private readonly byBandId = new Map<string, BandRegistration>();

  async register(registration: BandRegistration): Promise<void> {
    const same = this.byBandId.get(registration.bandId);
    if (same && same.uid === registration.uid && same.eventId === registration.eventId) {
      Object.assign(same, {
        trust: registration.trust ?? same.trust,
        secretVersion: registration.secretVersion ?? same.secretVersion,
      });
      return;
    }
    if (this.byBandId.has(registration.bandId)) {
      throw new DomainError('BAND_ALREADY_REGISTERED', 'band id already registered', { bandId: registration.bandId });
    }
    if (await this.findByUid(registration.uid)) {
      throw new DomainError('BAND_ALREADY_REGISTERED', 'tag already registered', { uid: registration.uid });
    }
    this.byBandId.set(registration.bandId, { ...registration });
  }

  async findByBandId(bandId: string): Promise<BandRegistration | null> {
    const found = this.byBandId.get(bandId);
    return found ? { ...found } : null;
  }

  async findByUid(uid: string): Promise<BandRegistration | null> {
    for (const registration of this.byBandId.values()) if (registration.uid === uid) return { ...registration };
    return null;
  }

  async reassign(bandId: string, toEventId: string): Promise<BandRegistration> {
    const found = this.byBandId.get(bandId);
    if (!found) throw new DomainError('NOT_FOUND', 'band not registered', { bandId });
    found.eventId = toEventId;
    return { ...found };
  }

  async release(uid: string): Promise<void> {
    for (const [bandId, registration] of this.byBandId) if (registration.uid === uid) this.byBandId.delete(bandId);
  }

  async replace(lostBandId: string, replacement: BandRegistration): Promise<{ attendeeName: string | null }> {
    const lost = this.byBandId.get(lostBandId);
    if (!lost) throw new DomainError('NOT_FOUND', 'band not registered', { bandId: lostBandId });
    if (lost.replacedBy)
      throw new DomainError('BAND_ALREADY_REPLACED', 'band replaced already', { bandId: lostBandId });
    await this.register(replacement);
    lost.replacedBy = replacement.bandId;
    return { attendeeName: null };
  }

  all(): BandRegistration[] {
    return [...this.byBandId.values()].map((r) => ({ ...r }));
  }
}
