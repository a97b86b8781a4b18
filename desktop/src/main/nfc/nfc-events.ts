import type { FailureCode } from '@sparkmotion/shared/errors';
import type { LockState, NtagType } from '@sparkmotion/shared/ntag/memory-layout';
import type { BandRegistration, BandTrust } from './band-registry.ts';

/** What a station does with the next tap. */
export type StationMode =
  | { kind: 'IDLE' }
  /** Tap a blank tag → a new band for `eventId`, encoded, verified and registered. */
  | { kind: 'ENCODE'; eventId: string }
  /** Tap any tag → what it holds and which band/event it is. Writes nothing. */
  | { kind: 'VERIFY' }
  /** Tap a band → it moves to `toEventId`. Writes nothing to the tag (the URL carries no event). */
  | { kind: 'REASSIGN'; toEventId: string }
  /** Tap blank tags → the given band ids, in order. */
  | { kind: 'BULK'; eventId: string; bandIds: string[] }
  /**
   * Lost & replace: the next blank tag becomes a new band (freshly minted, encoded as ENCODE does) that
   * replaces `lostBandId`, in its event; then the station is IDLE again: one replacement per pick.
   */
  | { kind: 'REPLACE'; lostBandId: string };

export type StationCounters = {
  taps: number;
  encoded: number;
  verified: number;
  reassigned: number;
  failures: number;
};

export type TagSummary = {
  uid: string;
  /** NTAG213/215/216, or NTAG424 for an NTAG 424 DNA; null for a tag no family knows. */
  type: NtagType | 'NTAG424' | null;
  lockState: LockState;
  uri: string | null;
  bandId: string | null;
};

/** A band written, verified (and locked or protected as set) and registered. */
type Encoded = {
  ok: true;
  kind: 'ENCODED';
  tag: TagSummary;
  registration: BandRegistration;
  locked: boolean;
  retried: boolean;
  /** NTAG21X_MIRROR: the URL carries the UID + counter mirror (tap trust); NONE: a plain URL. */
  trust?: BandTrust;
  /** Writes to the band need its password (derived from the organization's tag secret). */
  passwordProtected?: boolean;
};

export type Outcome =
  | Encoded
  /** REPLACE's receipt: the new band (`registration`) replaces `lostBandId`, and took its attendee if known. */
  | (Omit<Encoded, 'kind'> & { kind: 'REPLACED'; lostBandId: string; attendeeName: string | null })
  | { ok: true; kind: 'VERIFIED'; tag: TagSummary; registration: BandRegistration | null }
  | { ok: true; kind: 'ALREADY_ENCODED'; tag: TagSummary; registration: BandRegistration }
  | { ok: true; kind: 'REASSIGNED'; tag: TagSummary; fromEventId: string; registration: BandRegistration }
  | {
      ok: false;
      code: FailureCode;
      message: string;
      uid: string | null;
      /** For NEEDS_OVERWRITE_CONFIRMATION: who the tag belongs to now. */
      existing?: { bandId: string | null; eventId: string | null; uri: string | null };
      /** For REMOVED_MID_WRITE / RETRY_PENDING: the band waiting to be written. */
      pendingBandId?: string;
      /** The band the failure is about, when the station knows it (UNKNOWN_BAND, LOST_BAND_TAPPED…). */
      bandId?: string;
      /** BAND_ALREADY_REPLACED: the replacement the lost band has already. */
      replacedBy?: string;
    };

/**
 * What a station failure carries besides its code and message (the `details` of its `DomainError`): the
 * screen says it in the desk's language from these, the English message is for the logs.
 */
export type FailureDetails = Partial<
  Pick<Extract<Outcome, { ok: false }>, 'uid' | 'existing' | 'pendingBandId' | 'bandId' | 'replacedBy'>
>;

export type StationSnapshot = {
  stationId: string;
  readerName: string;
  mode: StationMode;
  counters: StationCounters;
  /** Whether the reader takes LED/buzzer commands; `unknown` until the first attempt. */
  led: 'unknown' | 'available' | 'unavailable';
  cardUid: string | null;
  /** A half-written tag waiting to be put back. */
  pending: { uid: string; bandId: string } | null;
  /** A tag whose overwrite staff confirmed: its next tap replaces its content. */
  overwriteConfirmedUid: string | null;
  /** BULK: how many of the list are done. */
  bulk: { done: number; total: number } | null;
};

export type ServiceStatus =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'pcscd-unavailable'; message: string; howTo: string }
  /** PC/SC support itself (nfc-pcsc's native addon) is missing on this machine: only a rebuild and restart help. */
  | { state: 'nfc-unavailable'; message: string; howTo: string }
  | { state: 'stopped' };

export type NfcEvent =
  | { type: 'status'; status: ServiceStatus }
  | { type: 'reader.attached'; station: StationSnapshot }
  | { type: 'reader.detached'; stationId: string }
  | { type: 'card.present'; stationId: string; uid: string }
  | { type: 'card.removed'; stationId: string; uid: string | null }
  | { type: 'station'; station: StationSnapshot }
  | {
      type: 'outcome';
      stationId: string;
      outcome: Outcome;
      /** Tap detected → outcome ready, ms. */
      elapsedMs: number;
      counters: StationCounters;
    };
