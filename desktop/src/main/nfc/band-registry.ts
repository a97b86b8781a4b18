/**
 * Where an NFC station records the bands it encodes, and where it looks them up. The desktop's local store
 * implements it (the sync engine then pushes registrations to the cloud); tests use `InMemoryBandRegistry`.
 *
 * Contract:
 * - `register` records a new band; it rejects (any error, ideally `DomainError('BAND_ALREADY_REGISTERED')`)
 *   when the bandId or the UID is already registered, and must not have recorded anything then. The very
 *   same band again (bandId, UID and event as registered: re-encoded in place) only updates its `trust` and
 *   `secretVersion`.
 * - `findByBandId` / `findByUid` return the current registration or null.
 * - `reassign` moves a registered band to another event and returns the updated registration; it rejects
 *   with `DomainError('NOT_FOUND')` for an unknown bandId.
 * - `release` forgets the registration of a UID: called when staff confirm overwriting a tag that already
 *   was a band, just before the new band is registered on it.
 * - `replace` registers a new band as the replacement of a lost one (lost & replace): the lost band is
 *   then LOST with `replacedBy` set, and its attendee (if known) moves to the new band, whose name it
 *   returns. It rejects like `register`, and with `DomainError('BAND_ALREADY_REPLACED')` when the lost
 *   band has another replacement already.
 * All methods may be async; the station awaits each once per tap and keeps no copy.
 */

/**
 * How a band proves its taps, as the station encoded it (docs/tap-trust.md): NTAG21X_MIRROR with the
 * UID + counter mirror, NTAG424_SUN with an NTAG 424 DNA's SUN under the organization's keys, NONE for a
 * plain URL.
 */
export type BandTrust = 'NTAG21X_MIRROR' | 'NTAG424_SUN' | 'NONE';

export type BandRegistration = {
  bandId: string;
  /** Tag UID, lowercase hex (14 characters for an NTAG). */
  uid: string;
  eventId: string;
  /** The station (reader) that encoded the band. */
  stationId: string;
  registeredAt: Date;
  /** Absent from registrations made before tap trust. */
  trust?: BandTrust;
  /**
   * The version of the organization's secret the band's keys derive from: the NTAG 424 master key
   * (NTAG424_SUN) or the NTAG secret its password derives from (NTAG21X_MIRROR). Absent: 1, or no keys.
   */
  secretVersion?: number;
  /** A lost band's replacement (its bandId), once it has one. */
  replacedBy?: string;
};

export interface BandRegistry {
  register(registration: BandRegistration): Promise<void>;
  findByBandId(bandId: string): Promise<BandRegistration | null>;
  findByUid(uid: string): Promise<BandRegistration | null>;
  reassign(bandId: string, toEventId: string): Promise<BandRegistration>;
  /** Forgets the registration of a tag that is about to carry a new band (overwrite confirmed by staff). */
  release(uid: string): Promise<void>;
  replace(lostBandId: string, replacement: BandRegistration): Promise<{ attendeeName: string | null }>;
}
