import { createHmac } from 'node:crypto';
import { bandUrl, parseBandUrl } from '@sparkmotion/shared/ndef/band-url';
import { encodeUriMessage, wrapNdefTlv } from '@sparkmotion/shared/ndef/ndef';
import {
  CC_PAGE,
  capabilityContainer,
  FIRST_USER_PAGE,
  NTAG_SPECS,
  type NtagSpec,
  PAGE_SIZE,
  readOnlyLockWrites,
  toPages,
  userBytes,
} from '@sparkmotion/shared/ndef/ntag';
import { configPagesOf, decodeNtagConfig, encodeNtagConfig, FACTORY_CONFIG } from '@sparkmotion/shared/ntag/config';
import {
  MIRROR_PLACEHOLDER,
  type MirrorPlan,
  mirrorText,
  planMirror,
  bandTagConfig as sharedBandTagConfig,
  withMirrorPlaceholder,
} from '@sparkmotion/shared/ntag/mirror';
import { deriveNtagPassword, type NtagPassword } from '@sparkmotion/shared/ntag/password';
import type { BandRegistration, BandRegistry } from './band-registry.ts';
import type { FailureCode, Outcome, StationCounters, StationMode, StationSnapshot, TagSummary } from './nfc-events.ts';
import {
  pwdAuth,
  readFourPages,
  readSpan,
  readTag,
  TagGoneError,
  type TagInfo,
  TagStatusError,
  type Transmit,
  writePage,
} from './ntag-io.ts';
import type { TagSecretSource } from './tag-secrets.ts';

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
   * The organization's NTAG password secret (hex, at least 16 bytes). With it, bands are write-protected by a
   * per-band password derived from it and the UID (`deriveNtagPassword`), and protected bands can be
   * re-encoded; without it, bands get the mirror only and a protected band is refused.
   */
  ntagSecret?: string | null;
};

export type StationDeps = {
  registry: BandRegistry;
  /** The organization's NTAG secret when `settings().ntagSecret` is not set (the product asks the cloud). */
  tagSecret?: TagSecretSource;
  settings: () => StationSettings;
  mintBandId: () => string;
  now: () => Date;
};

/** How long a failed transmit waits for the reader's detach before blaming the tag. */
const UNPLUG_GRACE_MS = 150;

/** PC/SC errors that mean the reader (or pcscd) is gone rather than the tag. */
const READER_GONE = /0x8010001[3de]|0x80100017|0x80100009|0x8010002e/i;

class Failure extends Error {
  readonly code: FailureCode;
  readonly extra: Partial<Extract<Outcome, { ok: false }>>;
  constructor(code: FailureCode, message: string, extra: Partial<Extract<Outcome, { ok: false }>> = {}) {
    super(message);
    this.code = code;
    this.extra = extra;
  }
}

/**
 * One reader at a desk, in a mode. Each tap runs to a typed `Outcome`; nothing a tag or reader does throws
 * past `handleTap`. A write interrupted by the tag leaving keeps the band as `pending` and retries when that
 * same tag comes back, so a half-written tag never goes unreported.
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
  /** What this reader was seen to do (FAST_READ through the pass-through), so it is tried once, not per tap. */
  readonly support: { fastRead: boolean | null } = { fastRead: null };
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
  async handleTap(uid: string): Promise<Outcome> {
    this.counters.taps++;
    let outcome: Outcome;
    try {
      outcome = await this.process(uid);
    } catch (error) {
      // An unplugged reader fails the transmit before its 'end' event arrives: give it a moment to show.
      if (error instanceof TagGoneError && !this.detached) await new Promise((r) => setTimeout(r, UNPLUG_GRACE_MS));
      outcome = this.toFailure(error, uid);
    }
    if (outcome.ok) {
      if (outcome.kind === 'ENCODED') this.counters.encoded++;
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

  private async process(uid: string): Promise<Outcome> {
    const { readers } = this.deps.settings();
    if (readers?.length && !readers.includes(this.stationId)) {
      throw new Failure(
        'READER_NOT_CHOSEN',
        'This desk runs no station on this reader: choose it in Settings → Readers.',
      );
    }
    const mode = this.mode;
    if (mode.kind === 'IDLE') throw new Failure('NO_MODE', 'Choose a mode for this station first.');
    if (this.pending && this.pending.uid !== uid && (mode.kind === 'ENCODE' || mode.kind === 'BULK')) {
      throw new Failure(
        'RETRY_PENDING',
        `Tag ${this.pending.uid} was removed while being written. Put it back to finish it (this tag was not touched).`,
        { pendingBandId: this.pending.bandId },
      );
    }
    const info = await readTag(this.reader.transmit, uid);
    const tag = summarize(info);
    const registry = this.deps.registry;
    switch (mode.kind) {
      case 'VERIFY': {
        const registration = await this.lookup(() =>
          tag.bandId ? registry.findByBandId(tag.bandId) : registry.findByUid(uid),
        );
        return { ok: true, kind: 'VERIFIED', tag, registration };
      }
      case 'REASSIGN': {
        if (!tag.bandId) throw new Failure('NOT_A_BAND', 'This tag does not carry a band URL.', { uid });
        const bandId = tag.bandId;
        const current = await this.lookup(() => registry.findByBandId(bandId));
        if (!current) throw new Failure('UNKNOWN_BAND', `Band ${bandId} is not known at this desk.`, { uid });
        const registration = await this.lookup(() => registry.reassign(bandId, mode.toEventId));
        return { ok: true, kind: 'REASSIGNED', tag, fromEventId: current.eventId, registration };
      }
      case 'ENCODE':
      case 'BULK':
        return this.encode(info, tag, mode);
    }
  }

  private async encode(
    info: TagInfo,
    tag: TagSummary,
    mode: Extract<StationMode, { kind: 'ENCODE' | 'BULK' }>,
  ): Promise<Outcome> {
    const { uid } = info;
    if (!info.type) throw new Failure('UNSUPPORTED_TAG', 'Only NTAG213/215/216 tags can become bands.', { uid });
    const spec = NTAG_SPECS[info.type];
    const registry = this.deps.registry;
    const retrying = this.pending?.uid === uid;
    // A retry may find the tag locked half-way by our own interrupted lock step; it is judged below.
    if (info.lockState !== 'unlocked' && !retrying) {
      throw new Failure('TAG_LOCKED', `This tag is ${info.lockState} and cannot be written.`, { uid });
    }
    let bandId: string;
    if (retrying) bandId = this.pending!.bandId;
    else {
      const existing = await this.existingContent(info, tag, mode.eventId);
      if (existing) return existing;
      if (mode.kind === 'BULK') {
        const next = mode.bandIds[this.bulkCursor];
        if (next === undefined) throw new Failure('BULK_LIST_DONE', 'Every band of the list is encoded.', { uid });
        if (await this.lookup(() => registry.findByBandId(next))) {
          this.bulkCursor++;
          throw new Failure('BAND_ALREADY_REGISTERED', `Band ${next} is already registered; skipped it.`, { uid });
        }
        bandId = next;
      } else bandId = this.deps.mintBandId();
    }

    const settings = this.deps.settings();
    const { hubBaseUrl, lockAfterEncode } = settings;
    const trust = settings.tagTrust !== false;
    // The organization's secret: for the new password (tap trust on) or to open a band protected before.
    let secretAsked: Promise<Buffer | null> | null = null;
    const secretOf = (): Promise<Buffer | null> => {
      secretAsked ??= (async () => {
        const hex =
          settings.ntagSecret !== undefined
            ? settings.ntagSecret
            : ((await this.deps.tagSecret?.(mode.eventId)) ?? null);
        return hex ? Buffer.from(hex, 'hex') : null;
      })();
      return secretAsked;
    };
    const url = trust ? withMirrorPlaceholder(bandUrl(hubBaseUrl, bandId)) : bandUrl(hubBaseUrl, bandId);
    const image = wrapNdefTlv(encodeUriMessage(url));
    if (image.length > userBytes(spec)) {
      const message = `The band URL needs ${image.length} bytes; an ${spec.type} holds ${userBytes(spec)}.`;
      throw new Failure('TAG_TOO_SMALL', message, { uid });
    }
    const plan = trust ? planMirror(spec.type, url) : null;
    const uidBytes = Buffer.from(uid, 'hex');
    // A protected band is opened (or refused untouched) before anything is released or written.
    const current = await this.unlockIfProtected(spec, info, uidBytes, secretOf);
    const secret = plan ? await secretOf() : null;
    // Without the secret a band would go out unprotected: anyone could rewrite it. Never silently.
    if (plan && !secret) {
      throw new Failure(
        'TAG_SECRET_UNAVAILABLE',
        "This desk has not got your organization's tag secret yet: connect to the cloud once, then tap again.",
        { uid },
      );
    }
    const password = secret && plan ? deriveNtagPassword(hmacSha256, secret, uidBytes) : null;
    // Released before any write: a store that refuses (the tag's band must be marked lost first) leaves the tag as it was.
    if (!retrying && this.overwriteConfirmedUid === uid) await this.lookup(() => registry.release(uid));
    this.pending = { uid, bandId };
    const transmit = this.reader.transmit;
    const pages = toPages(image);
    const written = Buffer.concat(pages);
    // A retry whose data all made it (the tag left during the lock step) only finishes the lock.
    const complete =
      retrying &&
      showsImage(await readSpan(transmit, FIRST_USER_PAGE, written.length, this.support), written, plan, uid, false);
    if (info.lockState !== 'unlocked' && !complete) {
      throw new Failure('TAG_LOCKED', `This tag is ${info.lockState} and cannot be written.`, { uid });
    }
    const config = plan ? bandTagConfig(plan, password !== null) : FACTORY_CONFIG;
    const { cfg0, cfg1 } = encodeNtagConfig(config);
    const cfgPages = configPagesOf(spec.type);
    if (!complete) {
      if (info.cc[0] !== 0xe1) await writePage(transmit, CC_PAGE, capabilityContainer(spec));
      // The first page (TLV header) goes last: until then the tag reads as it did, never as a valid half-URL.
      for (let i = 1; i < pages.length; i++) await writePage(transmit, FIRST_USER_PAGE + i, pages[i]!);
      await writePage(transmit, FIRST_USER_PAGE, pages[0]!);
    }
    // The configuration is written even when a retry found the data complete: the tag may have left before it.
    if (plan || current.mirrorConf !== 'NONE' || current.auth0 <= spec.pages - 1) {
      if (password) {
        await writePage(transmit, cfgPages.pwd, password.pwd);
        await writePage(transmit, cfgPages.pack, Uint8Array.of(...password.pack, 0, 0));
      }
      // AUTH0 (in CFG0) last: the password guards the tag only once it is in place.
      await writePage(transmit, cfgPages.cfg1, cfg1);
      await writePage(transmit, cfgPages.cfg0, cfg0);
    }
    // Read back as a phone would: the mirror shows this tag's UID and counter where the placeholder is.
    const readBack = await readSpan(transmit, FIRST_USER_PAGE, written.length, this.support);
    const cfgBack = await readFourPages(transmit, cfgPages.cfg0);
    if (
      !showsImage(readBack, written, plan, uid, true) ||
      !cfgBack.subarray(0, PAGE_SIZE).equals(cfg0) ||
      cfgBack[PAGE_SIZE] !== cfg1[0]
    ) {
      throw new Failure('VERIFY_MISMATCH', 'The tag did not read back what was written. Tap it again to rewrite.', {
        uid,
        pendingBandId: bandId,
      });
    }
    // Authenticating with the new password proves PWD and PACK were stored, and opens the lock pages.
    if (password && !(await authenticate(transmit, password))) {
      throw new Failure('VERIFY_MISMATCH', 'The tag does not accept its new password. Tap it again to rewrite.', {
        uid,
        pendingBandId: bandId,
      });
    }
    if (lockAfterEncode) for (const { page, data } of readOnlyLockWrites(spec)) await writePage(transmit, page, data);
    this.pending = null;

    const registration: BandRegistration = {
      bandId,
      uid,
      eventId: mode.eventId,
      stationId: this.stationId,
      registeredAt: this.deps.now(),
      trust: plan ? 'NTAG21X_MIRROR' : 'NONE',
    };
    await this.lookup(() => registry.register(registration));
    this.overwriteConfirmedUid = null;
    if (mode.kind === 'BULK') this.bulkCursor++;
    return {
      ok: true,
      kind: 'ENCODED',
      tag: { ...tag, uri: url, bandId, lockState: lockAfterEncode ? 'read-only' : 'unlocked' },
      registration,
      locked: lockAfterEncode,
      retried: retrying,
      trust: registration.trust,
      passwordProtected: password !== null,
    };
  }

  /**
   * Reads the tag's configuration; when AUTH0 says its pages are password-protected, authenticates with
   * the password derived from this desk's organization secret (PACK checked). Without a secret, or when
   * the tag refuses it (another organization's band, or protected by another tool), the tag is refused
   * untouched.
   */
  private async unlockIfProtected(
    spec: NtagSpec,
    info: TagInfo,
    uid: Uint8Array,
    secretOf: () => Promise<Uint8Array | null>,
  ) {
    // An NTAG21x's TagInfo always carries its configuration (read with the dynamic lock page).
    const current = info.config ? decodeNtagConfig(info.config.cfg0, info.config.cfg1) : FACTORY_CONFIG;
    if (current.auth0 > spec.pages - 1) return current;
    const hex = Buffer.from(uid).toString('hex');
    const secret = await secretOf();
    if (!secret) {
      throw new Failure('TAG_PROTECTED', 'This band is password-protected and this desk has no tag secret.', {
        uid: hex,
      });
    }
    if (!(await authenticate(this.reader.transmit, deriveNtagPassword(hmacSha256, secret, uid)))) {
      throw new Failure('TAG_PROTECTED', "This band is protected by another organization's password.", { uid: hex });
    }
    return current;
  }

  /**
   * A tag that already carries something: the same band for this event is done already; anything else
   * (another band, another event, foreign content, a UID we registered before) waits for staff to confirm.
   */
  private async existingContent(info: TagInfo, tag: TagSummary, eventId: string): Promise<Outcome | null> {
    const registry = this.deps.registry;
    const byUid = await this.lookup(() => registry.findByUid(info.uid));
    const byBand = tag.bandId ? await this.lookup(() => registry.findByBandId(tag.bandId!)) : null;
    if (byBand && byBand.uid === info.uid && byBand.eventId === eventId) {
      return { ok: true, kind: 'ALREADY_ENCODED', tag, registration: byBand };
    }
    if (info.content.kind === 'blank' && !byUid) return null;
    if (this.overwriteConfirmedUid === info.uid) return null;
    const current = byBand ?? byUid;
    const what = current
      ? `band ${current.bandId} of event ${current.eventId}`
      : tag.bandId
        ? `band ${tag.bandId}, unknown at this desk`
        : 'content that is not a band';
    throw new Failure('NEEDS_OVERWRITE_CONFIRMATION', `This tag already holds ${what}. Confirm to overwrite it.`, {
      uid: info.uid,
      existing: { bandId: current?.bandId ?? tag.bandId, eventId: current?.eventId ?? null, uri: tag.uri },
    });
  }

  private async lookup<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof Failure) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'BAND_ALREADY_REGISTERED') throw new Failure('BAND_ALREADY_REGISTERED', (error as Error).message);
      throw new Failure('REGISTRY_FAILED', `The local band store failed: ${(error as Error).message}`);
    }
  }

  private toFailure(error: unknown, uid: string): Outcome {
    const pending = this.pending?.uid === uid ? this.pending : null;
    const base = { ok: false as const, uid, ...(pending ? { pendingBandId: pending.bandId } : {}) };
    if (error instanceof Failure) return { ...base, code: error.code, message: error.message, ...error.extra };
    if (error instanceof TagGoneError) {
      if (this.detached || READER_GONE.test(errorText(error.cause))) {
        return {
          ...base,
          code: 'READER_UNPLUGGED',
          message: pending
            ? `The reader went away during a write: tag ${uid} is half-written. Reconnect the reader and tap it again.`
            : 'The reader went away. Reconnect it.',
        };
      }
      if (pending) {
        return {
          ...base,
          code: 'REMOVED_MID_WRITE',
          message: `The tag left during the write and is half-written. Put tag ${uid} back to finish it.`,
        };
      }
      return { ...base, code: 'TAG_REMOVED', message: 'The tag left before it was read. Tap it again.' };
    }
    if (error instanceof TagStatusError) {
      return {
        ...base,
        code: 'TAG_ERROR',
        message: pending
          ? `The tag refused a write (${error.sw}) and is half-written. Tap it again to retry.`
          : `The tag answered ${error.sw}. Tap it again.`,
      };
    }
    return { ...base, code: 'TAG_ERROR', message: `Unexpected error: ${errorText(error)}` };
  }
}

const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array => createHmac('sha256', key).update(data).digest();

/** PWD_AUTH with a band's password; true only when the tag answers the expected PACK. */
async function authenticate(transmit: Transmit, password: NtagPassword): Promise<boolean> {
  const pack = await pwdAuth(transmit, password.pwd);
  return pack?.equals(password.pack) === true;
}

/** `bandTagConfig` (mirror at the plan's placeholder, counter on), guarded from page 4 when a password is set. */
function bandTagConfig(plan: MirrorPlan, protect: boolean) {
  return sharedBandTagConfig(plan, { protect });
}

/**
 * Whether `readBack` (pages from 4, as the tag sends them) is the written image. With a mirror plan the
 * placeholder's place must show this tag's UID and a counter (`strict`), or, when not strict (the mirror may
 * not be configured yet), the placeholder itself.
 */
function showsImage(readBack: Buffer, written: Buffer, plan: MirrorPlan | null, uid: string, strict: boolean): boolean {
  if (!plan) return readBack.equals(written);
  if (readBack.length !== written.length) return false;
  const start = plan.mirrorPage * PAGE_SIZE + plan.mirrorByte - FIRST_USER_PAGE * PAGE_SIZE;
  const end = start + MIRROR_PLACEHOLDER.length;
  if (!readBack.subarray(0, start).equals(written.subarray(0, start))) return false;
  if (!readBack.subarray(end).equals(written.subarray(end))) return false;
  const shown = readBack.subarray(start, end).toString('latin1');
  const mirrored = mirrorText('UID_AND_COUNTER', Buffer.from(uid, 'hex'), 0).slice(0, 15);
  if (shown.startsWith(mirrored) && /^[0-9A-F]{6}$/.test(shown.slice(15))) return true;
  return !strict && shown === MIRROR_PLACEHOLDER;
}

function summarize(info: TagInfo): TagSummary {
  const uri = info.content.kind === 'uri' ? info.content.uri : null;
  return {
    uid: info.uid,
    type: info.type,
    lockState: info.lockState,
    uri,
    bandId: uri ? (parseBandUrl(uri)?.bandId ?? null) : null,
  };
}

/** The messages of an error and everything it wraps (nfc-pcsc keeps the PC/SC error in `previous`). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    const next = current as { previous?: unknown; cause?: unknown };
    current = next.previous ?? next.cause;
  }
  return parts.join(' ← ');
}
