import { findUri, parseNdefMessage } from '@sparkmotion/shared/ndef/ndef';
import { FILE_NDEF } from '@sparkmotion/shared/ntag424/commands';
import { NTAG424_ATR, type Ntag424Chip } from './ntag424-chip.ts';
import { VpcdCard } from './vpcd-card.ts';

/** A virtual NTAG 424 DNA in a vpcd reader: an ISO 14443-4 card answering APDUs from `Ntag424Chip`. */
export class VirtualNtag424 extends VpcdCard {
  readonly chip: Ntag424Chip;

  constructor(chip: Ntag424Chip) {
    super(NTAG424_ATR);
    this.chip = chip;
  }

  protected override powerOn(): void {
    this.chip.powerOn();
  }

  override respond(apdu: Buffer): Buffer {
    return this.chip.respond(apdu);
  }
}

/**
 * What a phone gets when it taps the tag (NFC Forum Type 4 Tag reading): a new field, select the
 * NDEF application, the NDEF file, read NLEN then the message; the SUN is filled in and the counter
 * moves as the tag does it. The URI, or null when there is none.
 */
export function phoneReadNtag424(chip: Ntag424Chip): string | null {
  chip.powerOn();
  const run = (hex: string) => {
    const answer = chip.respond(Buffer.from(hex, 'hex'));
    if (answer.readUInt16BE(answer.length - 2) !== 0x9000)
      throw new Error(`the tag answered ${answer.toString('hex')} to ${hex}`);
    return answer.subarray(0, answer.length - 2);
  };
  run('00A4040C07D276000085010100');
  run('00A4000C02E10400');
  const nlen = run('00B0000002').readUInt16BE(0);
  if (nlen === 0 || nlen > chip.file(FILE_NDEF).data.length - 2) return null;
  // The file is 256 bytes: NLEN ≤ 254, so one short read takes the whole message.
  return findUri(parseNdefMessage(run(`00B00002${nlen.toString(16).padStart(2, '0')}`)));
}
