import {
  ACCESS_FREE,
  INS,
  ISO_INS,
  ISO_SW,
  KEY_COUNT,
  NDEF_APPLICATION_NAME,
  parseChangeKeyData,
  readUint24le,
  SW,
  uint24le,
} from '@sparkmotion/shared/ntag424/commands';
import {
  INS_ADDITIONAL_FRAME,
  INS_AUTH_EV2_FIRST,
  INS_AUTH_EV2_NON_FIRST,
  piccAuthChallenge,
  piccAuthFinish,
} from '@sparkmotion/shared/ntag424/ev2-auth';
import { decodeFileSettings, encodeFileSettings } from '@sparkmotion/shared/ntag424/file-settings';
import { type CommMode, type Ev2Channel, SecureMessagingError } from '@sparkmotion/shared/ntag424/secure-messaging';
import { type ChipFile, factoryFiles, mirroredContent, sdmSettingsFit } from './ntag424-files.ts';

/**
 * An NTAG 424 DNA (NT4H2421Gx) as its datasheet describes it, answering ISO/IEC 7816-4 APDUs: the
 * NDEF application and its files, GetVersion, AuthenticateEV2First/NonFirst, GetKeyVersion,
 * ChangeKey, GetFileSettings, ChangeFileSettings, ReadData/WriteData and ISOSelectFile /
 * ISOReadBinary / ISOUpdateBinary, in plain, MAC and full mode with the shared EV2 code (so both
 * sides are held to AN12196's bytes by `shared/src/ntag424/secure-messaging.test.ts`).
 *
 * Policies modelled: any error ends the authenticated session; changing the key authenticated with
 * ends it too; SDMReadCtr moves on the first unauthenticated read of the NDEF file after it (or the
 * application) is selected, so a phone reading in chunks counts one tap; a tag leaving the field
 * forgets everything but keys, files and counters. Randomness (RndB, TI, PICCData padding) comes
 * from `random`.
 */

export const NTAG424_ATR = Buffer.from('3B8180018080', 'hex');

const ok = (data: Uint8Array = new Uint8Array()) => Buffer.concat([data, Buffer.of(0x91, 0x00)]);
const status = (sw: number, data: Uint8Array = new Uint8Array()) =>
  Buffer.concat([data, Buffer.of(sw >> 8, sw & 0xff)]);

/** What ends a command early with a status word. */
class ChipError extends Error {
  readonly sw: number;
  constructor(sw: number) {
    super(sw.toString(16));
    this.sw = sw;
  }
}

export class Ntag424Chip {
  readonly keys: Buffer[] = Array.from({ length: KEY_COUNT }, () => Buffer.alloc(16));
  readonly keyVersions: number[] = Array.from({ length: KEY_COUNT }, () => 0);
  readonly files: ChipFile[] = factoryFiles();
  // Session state: reset at power-on.
  private appSelected = false;
  private selectedFile: ChipFile | null = null;
  private countedSinceSelect = false;
  /** PICCData's random padding, drawn when the counter moves: the reads of one tap show one SUN. */
  private padding = Buffer.alloc(5);
  private session: { keyNo: number; channel: Ev2Channel } | null = null;
  private pendingAuth: { keyNo: number; rndB: Buffer; first: boolean } | null = null;
  private versionFrame = 0;

  readonly uid: Uint8Array;
  private readonly random: (n: number) => Uint8Array;

  constructor(uid: Uint8Array, random: (n: number) => Uint8Array) {
    if (uid.length !== 7) throw new RangeError('An NTAG 424 DNA UID is 7 bytes');
    this.uid = uid;
    this.random = random;
  }

  powerOn(): void {
    this.appSelected = false;
    this.selectedFile = null;
    this.countedSinceSelect = false;
    this.session = null;
    this.pendingAuth = null;
    this.versionFrame = 0;
  }

  get authenticatedKey(): number | null {
    return this.session?.keyNo ?? null;
  }

  file(fileNo: number): ChipFile {
    const file = this.files.find((f) => f.fileNo === fileNo);
    if (!file) throw new ChipError(SW.FILE_NOT_FOUND);
    return file;
  }

  respond(apdu: Buffer): Buffer {
    try {
      if (apdu[0] === 0xff && apdu[1] === 0xca) return Buffer.concat([this.uid, Buffer.of(0x90, 0x00)]); // the reader's GET UID
      if (apdu[0] === 0x00) return this.iso(apdu);
      if (apdu[0] === 0x90) return this.native(apdu);
      return status(ISO_SW.CLA_NOT_SUPPORTED);
    } catch (error) {
      if (!(error instanceof ChipError) && !(error instanceof SecureMessagingError)) throw error;
      const sw = error instanceof ChipError ? error.sw : SW.INTEGRITY_ERROR;
      if (sw >> 8 === 0x91) {
        this.session = null;
        this.pendingAuth = null;
      }
      return status(sw);
    }
  }

  // ── ISO/IEC 7816-4 ──────────────────────────────────────────────────────────────────────────

  private iso(apdu: Buffer): Buffer {
    const [, ins, p1 = 0, p2 = 0] = apdu;
    const lc = apdu.length > 5 ? apdu[4]! : 0;
    const data = apdu.subarray(5, 5 + lc);
    if (ins === ISO_INS.SELECT_FILE) {
      if (p1 === 0x04 && Buffer.compare(data, NDEF_APPLICATION_NAME) === 0) {
        this.powerOnSession();
        this.appSelected = true;
        return status(ISO_SW.OK);
      }
      if (p1 === 0x00 && this.appSelected && data.length === 2) {
        const file = this.files.find((f) => f.isoId === data.readUInt16BE(0));
        if (!file) return status(ISO_SW.FILE_NOT_FOUND);
        this.selectedFile = file;
        this.countedSinceSelect = false;
        return status(ISO_SW.OK);
      }
      return status(ISO_SW.FILE_NOT_FOUND);
    }
    const file = this.selectedFile;
    if (ins === ISO_INS.READ_BINARY) {
      if (!file) return status(ISO_SW.FILE_NOT_FOUND);
      if (file.settings.access.read !== ACCESS_FREE && file.settings.access.readWrite !== ACCESS_FREE) {
        return status(ISO_SW.SECURITY_NOT_SATISFIED);
      }
      const offset = ((p1 & 0x7f) << 8) | p2;
      const le = apdu.length === 5 ? apdu[4]! || 256 : 256;
      if (offset >= file.data.length) return status(ISO_SW.WRONG_P1P2);
      return status(ISO_SW.OK, this.readForPhone(file).subarray(offset, Math.min(file.data.length, offset + le)));
    }
    if (ins === ISO_INS.UPDATE_BINARY) {
      if (!file) return status(ISO_SW.FILE_NOT_FOUND);
      if (!this.mayAccess(file.settings.access.write, file.settings.access.readWrite))
        return status(ISO_SW.SECURITY_NOT_SATISFIED);
      const offset = ((p1 & 0x7f) << 8) | p2;
      if (offset + data.length > file.data.length) return status(ISO_SW.WRONG_LENGTH);
      file.data.set(data, offset);
      return status(ISO_SW.OK);
    }
    return status(ISO_SW.INS_NOT_SUPPORTED);
  }

  private powerOnSession(): void {
    this.selectedFile = null;
    this.countedSinceSelect = false;
    this.session = null;
  }

  /** The NDEF file as a reader without authentication gets it: SDM counter and mirrors. */
  private readForPhone(file: ChipFile): Buffer {
    if (!file.settings.sdm || this.session) return Buffer.from(file.data);
    if (!this.countedSinceSelect) {
      const limit = file.settings.sdm.readCtrLimit;
      if (file.readCounter >= 0xffffff || (limit !== undefined && file.readCounter >= limit))
        throw new ChipError(ISO_SW.SECURITY_NOT_SATISFIED);
      file.readCounter++;
      this.countedSinceSelect = true;
      this.padding = Buffer.from(this.random(5));
    }
    return mirroredContent(file, this.uid, this.keys, this.padding);
  }

  private mayAccess(...conditions: number[]): boolean {
    return conditions.some((c) => c === ACCESS_FREE || (this.session !== null && c === this.session.keyNo));
  }

  // ── Native commands ─────────────────────────────────────────────────────────────────────────

  private native(apdu: Buffer): Buffer {
    const ins = apdu[1]!;
    const body = apdu.length > 5 ? apdu.subarray(5, 5 + apdu[4]!) : Buffer.alloc(0);
    if (ins !== INS_ADDITIONAL_FRAME) this.versionFrame = 0;
    if (ins !== INS_ADDITIONAL_FRAME && this.pendingAuth) this.pendingAuth = null;
    switch (ins) {
      case INS.GET_VERSION:
        this.versionFrame = 1;
        return status(SW.ADDITIONAL_FRAME, Buffer.from('04040230001105', 'hex'));
      case INS_ADDITIONAL_FRAME:
        return this.additionalFrame(body);
      case INS_AUTH_EV2_FIRST:
      case INS_AUTH_EV2_NON_FIRST:
        return this.authenticate(ins === INS_AUTH_EV2_FIRST, body);
    }
    if (!this.appSelected) throw new ChipError(SW.PERMISSION_DENIED);
    switch (ins) {
      case INS.GET_KEY_VERSION: {
        const { header } = this.unwrap(ins, 'MAC', 1, body);
        if (header[0]! >= KEY_COUNT) throw new ChipError(SW.NO_SUCH_KEY);
        return this.answer('MAC', Buffer.of(this.keyVersions[header[0]!]!));
      }
      case INS.CHANGE_KEY:
        return this.changeKey(body);
      case INS.GET_FILE_SETTINGS: {
        const { header } = this.unwrap(ins, 'MAC', 1, body);
        const file = this.file(header[0]!);
        const settings = encodeFileSettings(file.settings);
        const size = uint24le(file.data.length);
        return this.answer(
          'MAC',
          Buffer.concat([Buffer.of(0x00), settings.subarray(0, 3), size, settings.subarray(3)]),
        );
      }
      case INS.CHANGE_FILE_SETTINGS:
        return this.changeFileSettings(body);
      case INS.READ_DATA:
      case INS.WRITE_DATA:
        return this.readOrWrite(ins, body);
      default:
        throw new ChipError(SW.ILLEGAL_COMMAND);
    }
  }

  private additionalFrame(body: Buffer): Buffer {
    if (this.versionFrame === 1) {
      this.versionFrame = 2;
      return status(SW.ADDITIONAL_FRAME, Buffer.from('04040201021105', 'hex'));
    }
    if (this.versionFrame === 2) {
      this.versionFrame = 0;
      return ok(Buffer.concat([this.uid, Buffer.from('CF39E5A2B0', 'hex'), Buffer.of(0x12, 0x26)]));
    }
    const pending = this.pendingAuth;
    this.pendingAuth = null;
    if (!pending) throw new ChipError(SW.ILLEGAL_COMMAND);
    const done = piccAuthFinish(this.keys[pending.keyNo]!, pending.rndB, body, {
      ti: pending.first ? Buffer.from(this.random(4)) : this.session!.channel.ti,
      cmdCounter: this.session?.channel.cmdCounter ?? 0,
      first: pending.first,
    });
    if (!done) throw new ChipError(SW.AUTHENTICATION_ERROR);
    this.session = { keyNo: pending.keyNo, channel: done.channel };
    return ok(done.response);
  }

  private authenticate(first: boolean, body: Buffer): Buffer {
    const keyNo = body[0] ?? 0xff;
    if (!this.appSelected) throw new ChipError(SW.PERMISSION_DENIED);
    if (keyNo >= KEY_COUNT) throw new ChipError(SW.NO_SUCH_KEY);
    if (!first && !this.session) throw new ChipError(SW.PERMISSION_DENIED);
    const rndB = Buffer.from(this.random(16));
    this.pendingAuth = { keyNo, rndB, first };
    return status(SW.ADDITIONAL_FRAME, piccAuthChallenge(this.keys[keyNo]!, rndB));
  }

  /** Unwraps a command's data in `mode` when authenticated, as plain otherwise. */
  private unwrap(ins: number, mode: CommMode, headerLength: number, body: Buffer): { header: Buffer; data: Buffer } {
    if (!this.session) return { header: body.subarray(0, headerLength), data: body.subarray(headerLength) };
    return this.session.channel.unwrapCommand(ins, mode, headerLength, body);
  }

  private answer(mode: CommMode, data?: Uint8Array): Buffer {
    return this.session ? this.session.channel.wrapResponse(mode, data) : ok(data);
  }

  private changeKey(body: Buffer): Buffer {
    if (this.session?.keyNo !== 0) throw new ChipError(SW.PERMISSION_DENIED);
    const { header, data } = this.session.channel.unwrapCommand(INS.CHANGE_KEY, 'FULL', 1, body);
    const keyNo = header[0]!;
    if (keyNo >= KEY_COUNT) throw new ChipError(SW.NO_SUCH_KEY);
    const same = keyNo === this.session.keyNo;
    const parsed = parseChangeKeyData(data, same, this.keys[keyNo]!);
    if (!parsed) throw new ChipError(same ? SW.LENGTH_ERROR : SW.INTEGRITY_ERROR);
    this.keys[keyNo] = parsed.key;
    this.keyVersions[keyNo] = parsed.version;
    if (!same) return this.session.channel.wrapResponse('MAC');
    this.session = null;
    return ok();
  }

  private changeFileSettings(body: Buffer): Buffer {
    const file = this.file(body[0] ?? 0xff);
    const change = file.settings.access.change;
    if (!this.mayAccess(change)) throw new ChipError(SW.PERMISSION_DENIED);
    const mode: CommMode = change === ACCESS_FREE ? 'PLAIN' : 'FULL';
    const { data } = this.unwrap(INS.CHANGE_FILE_SETTINGS, mode, 1, body);
    const settings = decodeFileSettings(data, false);
    if (!settings || (settings.sdm && file.fileNo !== 2) || !sdmSettingsFit(settings, file.data.length)) {
      throw new ChipError(SW.PARAMETER_ERROR);
    }
    file.settings = settings;
    this.countedSinceSelect = false;
    return this.answer('MAC');
  }

  private readOrWrite(ins: number, body: Buffer): Buffer {
    const file = this.file(body[0] ?? 0xff);
    const { access, commMode } = file.settings;
    const free =
      ins === INS.READ_DATA
        ? access.read === ACCESS_FREE || access.readWrite === ACCESS_FREE
        : access.write === ACCESS_FREE || access.readWrite === ACCESS_FREE;
    const allowed =
      ins === INS.READ_DATA
        ? this.mayAccess(access.read, access.readWrite)
        : this.mayAccess(access.write, access.readWrite);
    if (!allowed) throw new ChipError(SW.PERMISSION_DENIED);
    // Free access is plain; access by key is in the file's communication mode.
    const mode: CommMode = free ? 'PLAIN' : commMode;
    const { header, data } = this.unwrap(ins, mode, 7, body);
    if (header.length !== 7) throw new ChipError(SW.LENGTH_ERROR);
    const offset = readUint24le(header, 1);
    const length = readUint24le(header, 4) || file.data.length - offset;
    if (offset + length > file.data.length) throw new ChipError(SW.BOUNDARY_ERROR);
    if (ins === INS.READ_DATA) {
      const content = this.session ? Buffer.from(file.data) : this.readForPhone(file);
      return this.answer(mode, content.subarray(offset, offset + length));
    }
    if (data.length !== length) throw new ChipError(SW.LENGTH_ERROR);
    file.data.set(data, offset);
    return this.answer(mode);
  }
}
