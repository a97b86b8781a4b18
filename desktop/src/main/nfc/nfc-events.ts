import type { LockState, NtagType } from '@sparkmotion/shared/ndef/ntag';
import type { BandRegistration } from './band-registry.ts';

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
  | { kind: 'BULK'; eventId: string; bandIds: string[] };

export type StationCounters = {
  taps: number;
  encoded: number;
  verified: number;
  reassigned: number;
  failures: number;
};

export type FailureCode =
  /** The tag left before anything was written; tap again. */
  | 'TAG_REMOVED'
  /** The tag left during a write: it is half-written. Put the same tag back: the write is retried. */
  | 'REMOVED_MID_WRITE'
  /** A half-written tag is waiting to be put back; a different tag was tapped and left untouched. */
  | 'RETRY_PENDING'
  | 'UNSUPPORTED_TAG'
  | 'TAG_TOO_SMALL'
  | 'TAG_LOCKED'
  /** The band is password-protected and this desk has no secret for it, or its password is another one. */
  | 'TAG_PROTECTED'
  /** Tap trust is on but this desk has no tag secret (offline since it started): nothing was written. */
  | 'TAG_SECRET_UNAVAILABLE'
  /** The tag already carries a band (or foreign content): `confirmOverwrite` then tap again to replace it. */
  | 'NEEDS_OVERWRITE_CONFIRMATION'
  /** The read-back after writing differs from what was written. */
  | 'VERIFY_MISMATCH'
  | 'READER_UNPLUGGED'
  /** REASSIGN on a tag that is not a band. */
  | 'NOT_A_BAND'
  /** REASSIGN on a band this desk does not know. */
  | 'UNKNOWN_BAND'
  | 'BAND_ALREADY_REGISTERED'
  | 'BULK_LIST_DONE'
  /** The station has no mode yet. */
  | 'NO_MODE'
  /** The operator chose other readers for this desk's stations: this one leaves tags untouched. */
  | 'READER_NOT_CHOSEN'
  /** The tag answered with an unexpected status word. */
  | 'TAG_ERROR'
  | 'REGISTRY_FAILED';

export type TagSummary = {
  uid: string;
  type: NtagType | null;
  lockState: LockState;
  uri: string | null;
  bandId: string | null;
};

export type Outcome =
  | {
      ok: true;
      kind: 'ENCODED';
      tag: TagSummary;
      registration: BandRegistration;
      locked: boolean;
      retried: boolean;
      /** NTAG21X_MIRROR: the URL carries the UID + counter mirror (tap trust); NONE: a plain URL. */
      trust?: 'NTAG21X_MIRROR' | 'NONE';
      /** Writes to the band need its password (derived from the organization's tag secret). */
      passwordProtected?: boolean;
    }
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
    };

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
