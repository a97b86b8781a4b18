import type { BandTrust } from './band-registry.ts';
import type { TagSummary } from './nfc-events.ts';
import type { Transmit } from './ntag-io.ts';
import type { OrgSdmKeys } from './ntag424/personalise.ts';

/**
 * The seam between a station (modes, bulk list, pending writes, the registry) and the tags it makes bands
 * of. A tag family — NTAG213/215/216 over the reader's pseudo-APDUs today, NTAG 424 DNA over ISO 7816-4
 * APDUs next — reads a tag, plans its band and runs write → verify → protect; the station never looks
 * inside. A new family is added in the composition root (`StationDeps.families`), not in the station.
 */

/**
 * The organization's NTAG21x password secret, every version this desk holds: bands are written with `version`
 * (the current one), bands written before a rotation are opened with the version they were written with.
 */
export type NtagSecrets = {
  readonly version: number;
  readonly secrets: ReadonlyMap<number, Uint8Array>;
};

/** The card in a reader, as a family talks to it. */
export type TagLink = {
  readonly transmit: Transmit;
  /** What this reader was seen to support, remembered across taps so it is probed once. */
  readonly support: ReaderSupport;
  /**
   * The card's protocol as its ATR says (PC/SC part 3): ISO 14443-4 cards (NTAG 424 DNA) take ISO 7816-4
   * APDUs, ISO 14443-3 tags (NTAG21x) the reader's pseudo-APDUs. Unknown when the reader gave no ATR.
   */
  readonly standard?: 'TAG_ISO_14443_3' | 'TAG_ISO_14443_4';
};

export type ReaderSupport = {
  /** FAST_READ through the PN532 pass-through (null: not tried yet). */
  fastRead: boolean | null;
};

export interface TagFamily {
  /** Reads the tag in the field when it is one of this family's; null leaves it to the next family. */
  identify(link: TagLink, uid: string): Promise<IdentifiedTag | null>;
}

export interface IdentifiedTag {
  readonly summary: TagSummary;
  /** Holds no NDEF message: a new band needs no confirmation to go on it. */
  readonly blank: boolean;
  /**
   * Plans the band and opens a band protected before, writing nothing: a refusal here (TAG_TOO_SMALL,
   * TAG_PROTECTED) leaves the tag as it was.
   */
  prepare(request: EncodeRequest): Promise<EncodeSession>;
}

export type EncodeRequest = {
  bandId: string;
  /** The band URL as the hub serves it; a family adds its proof parameters (mirror, SUN). */
  url: string;
  /** Tap trust (docs/tap-trust.md): the tag proves its taps when the family can make it do so. */
  trust: boolean;
  /** Make the tag read-only once verified. Irreversible. */
  lock: boolean;
  /** This tag left a write half-done before: write what is missing, and accept our own half-done lock. */
  retrying: boolean;
  /** The organization's NTAG secret the band's password derives from; asked only when needed, null when unknown. */
  ntagSecrets: () => Promise<NtagSecrets | null>;
  /**
   * The secret version the band on this tag was registered with (null: no band of this desk's registry is on
   * it); asked only to open a tag protected before.
   */
  writtenWith: () => Promise<number | null>;
  /** The organization's NTAG 424 DNA master keys, every version; asked only for a 424, null when unknown. */
  sdmKeys: () => Promise<OrgSdmKeys | null>;
};

/** One band being written onto one tag. Each step throws a `DomainError` with a station failure code. */
export interface EncodeSession {
  /** The URL as stored on the tag. */
  readonly url: string;
  readonly trust: BandTrust;
  /** Writes to the band will need its password or keys. */
  readonly passwordProtected: boolean;
  /** The version of the organization's secret the band is written with, when its keys derive from one. */
  readonly secretVersion?: number;
  write(): Promise<void>;
  /** Reads the tag back as a phone would (VERIFY_MISMATCH when it differs). */
  verify(): Promise<void>;
  /** What must only follow a verified write (the irreversible lock); whether the tag is now read-only. */
  protect(): Promise<{ locked: boolean }>;
}

/** write → verify → protect. */
export async function runEncodeSession(session: EncodeSession): Promise<{ locked: boolean }> {
  await session.write();
  await session.verify();
  return session.protect();
}
