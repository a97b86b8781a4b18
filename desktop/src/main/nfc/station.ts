import { bandUrl } from '@sparkmotion/shared/ndef/band-url';
import type { BandRegistration, BandRegistry } from './band-registry.ts';
import {
  type IdentifiedTag,
  type NtagSecrets,
  type ReaderSupport,
  runEncodeSession,
  type TagFamily,
  type TagLink,
} from './encode-session.ts';
import type { Outcome, StationCounters, StationMode, StationSnapshot } from './nfc-events.ts';
import { TagGoneError, type Transmit } from './ntag-io.ts';
import { ntag21xFamily, unknownTagSummary } from './ntag21x-family.ts';
import { ntag424Family } from './ntag424/ntag424-family.ts';
import { errorText, failureOutcome, registryCall, stationFailure } from './station-failure.ts';
import { askOnce, type SdmKeySource, secretForTap, type TagSecretSource } from './tag-secrets.ts';

/** What a station needs from its reader: nfc-pcsc's Reader satisfies it, so does a test double. */
export type StationReader = {
  readonly name: string;
  transmit: Transmit;
  control(data: Buffer, responseMaxLength: number): Promise<Buffer>;
};

export type StationSettings = {
  /** The hub the band URLs point at, e.g. `https://hub.sparkmotion.example`. */
  hubBaseUrl: string;
  /** Make tags read-only after encoding. Irreversible; off by default. */
  lockAfterEncode: boolean;
  /** The readers this desk runs stations on (Settings → Readers); absent or empty: every reader. */
  readers?: readonly string[];
  /**
   * Tap trust (docs/tap-trust.md): the band URL carries `m=` filled in by the tag's UID + NFC counter mirror.
   * On unless set to false.
   */
  tagTrust?: boolean;
  /**
   * The organization's NTAG password secret (hex, at least 16 bytes), as its only version (1). With it, bands
   * are write-protected by a per-band password derived from it and the UID (`deriveNtagPassword`), and
   * protected bands can be re-encoded; without it, nothing is encoded with tap trust and a protected band is
   * refused.
   */
  ntagSecret?: string | null;
};

export type StationDeps = {
  registry: BandRegistry;
  /** The organization's NTAG secret when `settings().ntagSecret` is not set (the product asks the cloud). */
  tagSecret?: TagSecretSource;
  settings: () => StationSettings;
  /** A fresh band id for the organization that holds the event (docs/adr/0007-band-ids-bound-to-their-organization.md). */
  mintBandId: (eventId: string) => Promise<string>;
  now: () => Date;
  /** The organization's NTAG 424 DNA master keys for an event (the product asks the cloud). */
  sdmKeys?: SdmKeySource;
  /** The tag families this desk makes bands of, asked in order; NTAG 424 DNA and NTAG213/215/216 when absent. */
  families?: readonly TagFamily[];
};

/** What a tap in ENCODE, BULK or REPLACE makes of a tag: which band, for which event, recorded how. */
type EncodeJob = {
  eventId: string;
  /** The band a tag gets (not asked on a retry, which finishes the pending band). */
  nextBandId: (uid: string) => Promise<string>;
  /** Records the band once written and verified; nothing is recorded when it throws. */
  record: (registration: BandRegistration) => Promise<void>;
  /** An existing band's own tag in its own event is done already (ENCODE, BULK), not a replacement. */
  alreadyDoneCounts: boolean;
};

/** How long a failed transmit waits for the reader's detach before blaming the tag. */
const UNPLUG_GRACE_MS = 150;

/**
 * One reader at a desk, in a mode. Each tap runs to a typed `Outcome`; nothing a tag or reader does throws
 * past `handleTap`. A write interrupted by the tag leaving keeps the band as `pending` and retries when that
 * same tag comes back, so a half-written tag never goes unreported. What a tag family does to a tag is its
 * encode session's business (encode-session.ts); the station chooses the band and records it.
 */
export class Station {
  readonly stationId: string;
  mode: StationMode = { kind: 'IDLE' };
  readonly counters: StationCounters = { taps: 0, encoded: 0, verified: 0, reassigned: 0, failures: 0 };
  led: StationSnapshot['led'] = 'unknown';
  cardUid: string | null = null;
  pending: { uid: string; bandId: string } | null = null;
  overwriteConfirmedUid: string | null = null;
  bulkCursor = 0;
  /** What this reader was seen to do, so it is tried once, not per tap. */
  readonly support: ReaderSupport = { fastRead: null };
  /** Set when the reader detaches, so an operation that fails at that moment says so. */
  detached = false;
  private readonly reader: StationReader;
  private readonly deps: StationDeps;

  constructor(reader: StationReader, deps: StationDeps) {
    this.reader = reader;
    this.stationId = reader.name;
    this.deps = deps;
  }

  setMode(mode: StationMode): void {
    this.mode = mode;
    this.bulkCursor = 0;
    this.overwriteConfirmedUid = null;
  }

  snapshot(): StationSnapshot {
    return {
      stationId: this.stationId,
      readerName: this.reader.name,
      mode: this.mode,
      counters: { ...this.counters },
      led: this.led,
      cardUid: this.cardUid,
      pending: this.pending ? { ...this.pending } : null,
      overwriteConfirmedUid: this.overwriteConfirmedUid,
      bulk: this.mode.kind === 'BULK' ? { done: this.bulkCursor, total: this.mode.bandIds.length } : null,
    };
  }

  /** Runs one tap to its outcome and updates the counters. Never throws. */
  async handleTap(uid: string, standard?: TagLink['standard']): Promise<Outcome> {
    this.counters.taps++;
    let outcome: Outcome;
    try {
      outcome = await this.process(uid, standard);
    } catch (error) {
      // An unplugged reader fails the transmit before its 'end' event arrives: give it a moment to show.
      if (error instanceof TagGoneError && !this.detached) await new Promise((r) => setTimeout(r, UNPLUG_GRACE_MS));
      const pending = this.pending?.uid === uid ? this.pending : null;
      outcome = failureOutcome(error, { uid, pending, readerDetached: this.detached });
    }
    if (outcome.ok) {
      if (outcome.kind === 'ENCODED' || outcome.kind === 'REPLACED') this.counters.encoded++;
      else if (outcome.kind === 'REASSIGNED') this.counters.reassigned++;
      else this.counters.verified++;
    } else this.counters.failures++;
    return outcome;
  }

  /**
   * Success/failure on the reader's LED and buzzer (ACR122U / ACR1252U pseudo-APDU `FF 00 40`): through the
   * card connection while the tag is still there, else as an escape command. A reader that takes neither
   * (vpcd answers "feature not supported") is remembered as having no LED: not an error.
   */
  async signal(ok: boolean): Promise<void> {
    if (this.led === 'unavailable') return;
    if (!/acr12/i.test(this.reader.name)) {
      this.led = 'unavailable';
      return;
    }
    // LED state: green (ok) or red, blinking; T1/T2 100 ms; repetitions; buzzer during T1.
    const state = ok ? 0b0010_1110 : 0b0101_1101;
    const packet = Buffer.from([0xff, 0x00, 0x40, state, 0x04, 0x01, 0x01, ok ? 0x01 : 0x03, 0x01]);
    try {
      const answer = await this.reader.transmit(packet, 2);
      if (answer[0] === 0x90) {
        this.led = 'available';
        return;
      }
    } catch {
      // no card any more: try the escape path
    }
    try {
      await this.reader.control(packet, 2);
      this.led = 'available';
    } catch (error) {
      if (/0x8010001f|not supported/i.test(errorText(error)) || this.led === 'unknown') this.led = 'unavailable';
    }
  }

  private async process(uid: string, standard: TagLink['standard']): Promise<Outcome> {
    const { readers } = this.deps.settings();
    if (readers?.length && !readers.includes(this.stationId)) {
      throw stationFailure(
        'READER_NOT_CHOSEN',
        'This desk runs no station on this reader: choose it in Settings → Readers.',
      );
    }
    const mode = this.mode;
    if (mode.kind === 'IDLE') throw stationFailure('NO_MODE', 'Choose a mode for this station first.');
    if (this.pending && this.pending.uid !== uid && mode.kind !== 'VERIFY' && mode.kind !== 'REASSIGN') {
      throw stationFailure(
        'RETRY_PENDING',
        `Tag ${this.pending.uid} was removed while being written. Put it back to finish it (this tag was not touched).`,
        { pendingBandId: this.pending.bandId },
      );
    }
    const identified = await this.identify(uid, standard);
    const tag = identified?.summary ?? unknownTagSummary(uid);
    const registry = this.deps.registry;
    switch (mode.kind) {
      case 'VERIFY': {
        const registration = await registryCall(() =>
          tag.bandId ? registry.findByBandId(tag.bandId) : registry.findByUid(uid),
        );
        return { ok: true, kind: 'VERIFIED', tag, registration };
      }
      case 'REASSIGN': {
        if (!tag.bandId) throw stationFailure('NOT_A_BAND', 'This tag does not carry a band URL.', { uid });
        const bandId = tag.bandId;
        const current = await registryCall(() => registry.findByBandId(bandId));
        if (!current) {
          throw stationFailure('UNKNOWN_BAND', `Band ${bandId} is not known at this desk.`, { uid, bandId });
        }
        const registration = await registryCall(() => registry.reassign(bandId, mode.toEventId));
        return { ok: true, kind: 'REASSIGNED', tag, fromEventId: current.eventId, registration };
      }
      case 'ENCODE':
      case 'BULK':
      case 'REPLACE': {
        if (!identified) {
          throw stationFailure('UNSUPPORTED_TAG', 'Only NTAG213/215/216 tags can become bands.', { uid });
        }
        if (mode.kind === 'REPLACE') return this.replace(identified, mode.lostBandId);
        const job: EncodeJob = {
          eventId: mode.eventId,
          nextBandId: (tapped) => this.nextBandId(mode, tapped),
          record: async (registration) => {
            await registryCall(() => registry.register(registration));
            if (mode.kind === 'BULK') this.bulkCursor++;
          },
          alreadyDoneCounts: true,
        };
        return this.encode(identified, job);
      }
    }
  }

  /**
   * Lost & replace: checked before anything is written (the lost band is known here and not replaced yet,
   * the tag is not the lost band itself), then encoded as ENCODE does and recorded as its replacement.
   * One replacement per pick: the station is IDLE afterwards.
   */
  private async replace(identified: IdentifiedTag, lostBandId: string): Promise<Outcome> {
    const { uid } = identified.summary;
    const registry = this.deps.registry;
    const lost = await registryCall(() => registry.findByBandId(lostBandId));
    if (!lost) {
      throw stationFailure('UNKNOWN_BAND', `Band ${lostBandId} is not known at this desk.`, {
        uid,
        bandId: lostBandId,
      });
    }
    if (lost.replacedBy) {
      throw stationFailure('BAND_ALREADY_REPLACED', `Band ${lostBandId} was replaced by ${lost.replacedBy} already.`, {
        uid,
        bandId: lostBandId,
        replacedBy: lost.replacedBy,
      });
    }
    if (lost.uid === uid || identified.summary.bandId === lostBandId) {
      throw stationFailure(
        'LOST_BAND_TAPPED',
        `This is band ${lostBandId} itself: it was found, so restore it instead of replacing it.`,
        { uid, bandId: lostBandId },
      );
    }
    const receipt = { attendeeName: null as string | null };
    const encoded = await this.encode(identified, {
      eventId: lost.eventId,
      nextBandId: () => this.deps.mintBandId(lost.eventId),
      record: async (registration) => {
        receipt.attendeeName = (await registryCall(() => registry.replace(lostBandId, registration))).attendeeName;
      },
      alreadyDoneCounts: false,
    });
    if (!encoded.ok || encoded.kind !== 'ENCODED') return encoded;
    this.setMode({ kind: 'IDLE' });
    return { ...encoded, kind: 'REPLACED', lostBandId, attendeeName: receipt.attendeeName };
  }

  private async identify(uid: string, standard: TagLink['standard']): Promise<IdentifiedTag | null> {
    const link: TagLink = { transmit: this.reader.transmit, support: this.support, ...(standard ? { standard } : {}) };
    for (const family of this.deps.families ?? [ntag424Family, ntag21xFamily]) {
      const identified = await family.identify(link, uid);
      if (identified) return identified;
    }
    return null;
  }

  private async encode(identified: IdentifiedTag, job: EncodeJob): Promise<Outcome> {
    const tag = identified.summary;
    const { uid } = tag;
    const retrying = this.pending?.uid === uid;
    // A retry may find the tag locked half-way by our own interrupted lock step; its session judges that.
    if (tag.lockState !== 'unlocked' && !retrying) {
      throw stationFailure('TAG_LOCKED', `This tag is ${tag.lockState} and cannot be written.`, { uid });
    }
    const settings = this.deps.settings();
    const ntagSecrets = secretForTap(settings, this.deps.tagSecret, job.eventId);
    let bandId: string;
    /** The band on the tag is rewritten as itself (a retry of that too): recorded again, not as a new one. */
    let inPlace: boolean;
    if (retrying) {
      bandId = this.pending!.bandId;
      const same = await registryCall(() => this.deps.registry.findByBandId(bandId));
      inPlace = same?.uid === uid && same.eventId === job.eventId;
    } else {
      const existing = await this.existingContent(identified, job);
      inPlace =
        existing?.ok === true &&
        existing.kind === 'ALREADY_ENCODED' &&
        (await this.behindCurrentSecret(existing.registration, settings, ntagSecrets));
      if (existing && !inPlace) return existing;
      bandId = inPlace ? identified.summary.bandId! : await job.nextBandId(uid);
    }

    const session = await identified.prepare({
      bandId,
      url: bandUrl(settings.hubBaseUrl, bandId),
      trust: settings.tagTrust !== false,
      lock: settings.lockAfterEncode,
      retrying,
      ntagSecrets,
      // Registered before secrets had versions: version 1, the only one there was.
      writtenWith: askOnce(async () => {
        const registered = await registryCall(() => this.deps.registry.findByUid(uid));
        return registered ? (registered.secretVersion ?? 1) : null;
      }),
      sdmKeys: askOnce(async () => (await this.deps.sdmKeys?.(job.eventId)) ?? null),
    });
    // Released before any write: a store that refuses (the tag's band must be marked lost first) leaves the tag as it was.
    if (!retrying && this.overwriteConfirmedUid === uid) await registryCall(() => this.deps.registry.release(uid));
    this.pending = { uid, bandId };
    const { locked } = await runEncodeSession(session);
    this.pending = null;

    const registration: BandRegistration = {
      bandId,
      uid,
      eventId: job.eventId,
      stationId: this.stationId,
      registeredAt: this.deps.now(),
      trust: session.trust,
      ...(session.secretVersion ? { secretVersion: session.secretVersion } : {}),
    };
    if (inPlace) await registryCall(() => this.deps.registry.register(registration));
    else await job.record(registration);
    this.overwriteConfirmedUid = null;
    return {
      ok: true,
      kind: 'ENCODED',
      tag: { ...tag, uri: session.url, bandId, lockState: locked ? 'read-only' : 'unlocked' },
      registration,
      locked,
      retried: retrying,
      trust: registration.trust,
      passwordProtected: session.passwordProtected,
    };
  }

  /**
   * A tag that already carries something: the same band for this event is done already (not when it was to
   * replace a lost band: a registered band is never a replacement without confirming); anything else
   * (another band, another event, foreign content, a UID we registered before) waits for staff to confirm.
   */
  private async existingContent({ summary: tag, blank }: IdentifiedTag, job: EncodeJob): Promise<Outcome | null> {
    const registry = this.deps.registry;
    const byUid = await registryCall(() => registry.findByUid(tag.uid));
    const byBand = tag.bandId ? await registryCall(() => registry.findByBandId(tag.bandId!)) : null;
    if (job.alreadyDoneCounts && byBand && byBand.uid === tag.uid && byBand.eventId === job.eventId) {
      return { ok: true, kind: 'ALREADY_ENCODED', tag, registration: byBand };
    }
    if (blank && !byUid) return null;
    if (this.overwriteConfirmedUid === tag.uid) return null;
    const current = byBand ?? byUid;
    const what = current
      ? `band ${current.bandId} of event ${current.eventId}`
      : tag.bandId
        ? `band ${tag.bandId}, unknown at this desk`
        : 'content that is not a band';
    throw stationFailure('NEEDS_OVERWRITE_CONFIRMATION', `This tag already holds ${what}. Confirm to overwrite it.`, {
      uid: tag.uid,
      existing: { bandId: current?.bandId ?? tag.bandId, eventId: current?.eventId ?? null, uri: tag.uri },
    });
  }

  /**
   * A band of this event locked with an older version of the organization's NTAG secret than the desk's
   * current one: an encoding station re-encodes it in place (same band id and URL) with the current version,
   * so a rotation reaches bands already handed out (docs/secrets.md).
   */
  private async behindCurrentSecret(
    registration: BandRegistration,
    settings: StationSettings,
    ntagSecrets: () => Promise<NtagSecrets | null>,
  ): Promise<boolean> {
    if (settings.tagTrust === false || registration.trust !== 'NTAG21X_MIRROR') return false;
    const held = await ntagSecrets();
    return held !== null && (registration.secretVersion ?? 1) < held.version;
  }

  /** ENCODE mints a band id; BULK takes the list's next one, skipping (and saying so) one already registered. */
  private async nextBandId(mode: Extract<StationMode, { kind: 'ENCODE' | 'BULK' }>, uid: string): Promise<string> {
    if (mode.kind === 'ENCODE') return this.deps.mintBandId(mode.eventId);
    const next = mode.bandIds[this.bulkCursor];
    if (next === undefined) throw stationFailure('BULK_LIST_DONE', 'Every band of the list is encoded.', { uid });
    if (await registryCall(() => this.deps.registry.findByBandId(next))) {
      this.bulkCursor++;
      throw stationFailure('BAND_ALREADY_REGISTERED', `Band ${next} is already registered; skipped it.`, {
        uid,
        bandId: next,
      });
    }
    return next;
  }
}
