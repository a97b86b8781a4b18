import {
  INS,
  isNtag424Version,
  readBinaryApdu,
  SW,
  selectApplicationApdu,
  selectFileApdu,
} from '@sparkmotion/shared/ntag424/commands';
import {
  authFirstCommand,
  authSecondCommand,
  finishAuth,
  INS_ADDITIONAL_FRAME,
} from '@sparkmotion/shared/ntag424/ev2-auth';
import { type CommMode, type Ev2Channel, nativeApdu, statusWord } from '@sparkmotion/shared/ntag424/secure-messaging';
import { TagGoneError, type Transmit } from '../ntag-io.ts';

/**
 * APDU exchange with an NTAG 424 DNA through any PC/SC reader: ISO/IEC 7816-4 APDUs sent as they
 * are (the reader wraps them in ISO 14443-4 frames), native commands in the session's mode.
 */

/** The tag answered with a status word the step cannot go on with. */
export class Ntag424StatusError extends Error {
  readonly sw: number;
  constructor(operation: string, sw: number) {
    super(`${operation} failed with status ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
    this.name = 'Ntag424StatusError';
    this.sw = sw;
  }
}

const MAX_ANSWER = 262;

export class Ntag424Link {
  channel: Ev2Channel | null = null;
  private readonly transmit: Transmit;

  constructor(transmit: Transmit) {
    this.transmit = transmit;
  }

  async raw(apdu: Buffer): Promise<{ sw: number; data: Buffer }> {
    let answer: Buffer;
    try {
      answer = await this.transmit(apdu, MAX_ANSWER);
    } catch (error) {
      throw new TagGoneError(error);
    }
    if (answer.length < 2) throw new TagGoneError(new Error(`answer of ${answer.length} bytes`));
    return { sw: statusWord(answer), data: answer.subarray(0, -2) };
  }

  private async expect(apdu: Buffer, sw: number, operation: string): Promise<Buffer> {
    const answer = await this.raw(apdu);
    if (answer.sw !== sw) throw new Ntag424StatusError(operation, answer.sw);
    return answer.data;
  }

  async selectApplication(): Promise<void> {
    if (!(await this.trySelectApplication())) throw new Ntag424StatusError('select the NDEF application', 0);
  }

  /** Selects the NDEF application; false when the card has none (not an NFC Forum Type 4 tag). */
  async trySelectApplication(): Promise<boolean> {
    this.channel = null;
    return (await this.raw(selectApplicationApdu())).sw === 0x9000;
  }

  /** GetVersion's three frames; the UID (frame 3), or null when the tag is not an NTAG 424 DNA. */
  async uidIfNtag424(): Promise<Buffer | null> {
    const first = await this.raw(nativeApdu(INS.GET_VERSION));
    if (first.sw !== SW.ADDITIONAL_FRAME || !isNtag424Version(first.data)) return null;
    await this.expect(nativeApdu(INS_ADDITIONAL_FRAME), SW.ADDITIONAL_FRAME, 'GetVersion');
    const third = await this.expect(nativeApdu(INS_ADDITIONAL_FRAME), SW.OK, 'GetVersion');
    return third.subarray(0, 7);
  }

  /** AuthenticateEV2First; false when the tag does not hold `key` in slot `keyNo`. */
  async authenticate(keyNo: number, key: Uint8Array, rndA: Uint8Array): Promise<boolean> {
    this.channel = null;
    const challenge = await this.raw(authFirstCommand(keyNo, true));
    if (challenge.sw !== SW.ADDITIONAL_FRAME) throw new Ntag424StatusError('authenticate', challenge.sw);
    const second = authSecondCommand(key, challenge.data, rndA);
    const answer = await this.raw(second.command);
    if (answer.sw === SW.AUTHENTICATION_ERROR) return false;
    if (answer.sw !== SW.OK) throw new Ntag424StatusError('authenticate', answer.sw);
    this.channel = finishAuth(key, rndA, second.rndB, answer.data);
    return this.channel !== null;
  }

  /**
   * A native command in `mode` (plain without a session). An error status throws; the session ends
   * on the tag then, so it ends here too.
   */
  async command(ins: number, mode: CommMode, header: Uint8Array, data: Uint8Array, operation: string): Promise<Buffer> {
    const channel = this.channel;
    const apdu = channel
      ? channel.wrapCommand(ins, mode, header, data)
      : nativeApdu(ins, Buffer.concat([header, data]));
    const answer = await this.raw(apdu);
    if (answer.sw !== SW.OK) {
      this.channel = null;
      throw new Ntag424StatusError(operation, answer.sw);
    }
    if (!channel) return answer.data;
    return channel.unwrapResponse(mode, Buffer.concat([answer.data, Buffer.of(0x91, 0x00)])).data;
  }

  /** The NDEF file as a phone reads it (select application, file E104, NLEN, message). */
  async readNdefAsPhone(): Promise<Buffer> {
    await this.selectApplication();
    await this.expect(selectFileApdu(0xe104), 0x9000, 'select the NDEF file');
    const nlen = (await this.expect(readBinaryApdu(0, 2), 0x9000, 'read NLEN')).readUInt16BE(0);
    if (nlen === 0 || nlen > 254) return Buffer.alloc(0);
    return this.expect(readBinaryApdu(2, nlen), 0x9000, 'read the NDEF message');
  }
}
