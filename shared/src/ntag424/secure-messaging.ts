import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AES_BLOCK, macEquals, padIso9797m2, prepareAesKey } from './aes-cmac.ts';

/**
 * EV2 secure messaging of an authenticated session (NT4H2421Gx §9.1.9–9.1.10, AN12196 §5.3–5.4):
 *
 * - MAC mode: the command carries MACt = the odd-indexed bytes of CMAC(KSesAuthMAC,
 *   Ins || CmdCtr || TI || header || data); the response carries MACt of
 *   RC || CmdCtr+1 || TI || response data.
 * - Full mode: the command data (not the header) is padded with ISO/IEC 9797-1 method 2 — always,
 *   a whole block when already aligned — and encrypted with AES-CBC under KSesAuthENC with
 *   IV = E(KSesAuthENC, A5 5A || TI || CmdCtr || 0…); response data the same with 5A A5 and
 *   CmdCtr+1; then MAC as above over the ciphertext.
 * - CmdCtr (2 bytes, LSB first) counts command/response pairs since AuthenticateEV2First, whatever
 *   their mode; it advances once the response is accepted.
 *
 * One class serves both sides: the desk wraps commands and unwraps responses, the virtual tag
 * unwraps commands and wraps responses, with the same bytes in between.
 */

export type CommMode = 'PLAIN' | 'MAC' | 'FULL';

const MAC_LENGTH = 8;

function truncatedMac(cmac: Buffer): Buffer {
  const out = Buffer.allocUnsafe(MAC_LENGTH);
  for (let i = 0; i < MAC_LENGTH; i++) out[i] = cmac[2 * i + 1]!;
  return out;
}

/** Thrown when a MAC does not verify or encrypted data is malformed: the session cannot go on. */
export class SecureMessagingError extends Error {
  override readonly name = 'SecureMessagingError';
}

export class Ev2Channel {
  readonly encKey: Buffer;
  readonly macKey: Buffer;
  readonly ti: Buffer;
  cmdCounter: number;

  constructor(encKey: Uint8Array, macKey: Uint8Array, ti: Uint8Array, cmdCounter = 0) {
    if (ti.length !== 4) throw new RangeError('TI is 4 bytes');
    this.encKey = Buffer.from(encKey);
    this.macKey = Buffer.from(macKey);
    this.ti = Buffer.from(ti);
    this.cmdCounter = cmdCounter;
  }

  private counterBytes(counter: number): Buffer {
    return Buffer.of(counter & 0xff, (counter >> 8) & 0xff);
  }

  /** MACt over `first || CmdCtr || TI || body`, at the given counter. */
  mac(first: number, counter: number, body: Uint8Array): Buffer {
    const input = Buffer.concat([Buffer.of(first), this.counterBytes(counter), this.ti, body]);
    return truncatedMac(prepareAesKey(this.macKey).cmac(input));
  }

  private iv(label: readonly [number, number], counter: number): Buffer {
    const input = Buffer.alloc(AES_BLOCK);
    input.set(label);
    input.set(this.ti, 2);
    input.set(this.counterBytes(counter), 6);
    return prepareAesKey(this.encKey).encryptBlock(input);
  }

  private encrypt(label: readonly [number, number], counter: number, data: Uint8Array): Buffer {
    const padded = padIso9797m2(data, (Math.floor(data.length / AES_BLOCK) + 1) * AES_BLOCK);
    const cipher = createCipheriv('aes-128-cbc', this.encKey, this.iv(label, counter));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]);
  }

  private decrypt(label: readonly [number, number], counter: number, data: Uint8Array): Buffer {
    if (data.length === 0 || data.length % AES_BLOCK !== 0)
      throw new SecureMessagingError('Encrypted data is not whole blocks');
    const decipher = createDecipheriv('aes-128-cbc', this.encKey, this.iv(label, counter));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (end < 0 || plain[end] !== 0x80) throw new SecureMessagingError('Bad padding in encrypted data');
    return plain.subarray(0, end);
  }

  // ── PCD side ────────────────────────────────────────────────────────────────────────────────

  /** A native command (CLA 90) in `mode`; `header` is never encrypted. */
  wrapCommand(
    ins: number,
    mode: CommMode,
    header: Uint8Array = new Uint8Array(),
    data: Uint8Array = new Uint8Array(),
  ): Buffer {
    let body = Buffer.concat([
      header,
      mode === 'FULL' && data.length > 0 ? this.encrypt([0xa5, 0x5a], this.cmdCounter, data) : data,
    ]);
    if (mode !== 'PLAIN') body = Buffer.concat([body, this.mac(ins, this.cmdCounter, body)]);
    return nativeApdu(ins, body);
  }

  /**
   * Checks a response (data and SW1 SW2) to a command sent with `wrapCommand` and advances the
   * counter. Gives the status and the (decrypted) data; an error status carries no MAC and ends
   * the session on the tag, so it is returned as is.
   */
  unwrapResponse(mode: CommMode, response: Uint8Array): { status: number; data: Buffer } {
    const status = statusWord(response);
    const body = Buffer.from(response.subarray(0, response.length - 2));
    if (status !== 0x9100) return { status, data: body };
    const next = this.cmdCounter + 1;
    if (mode === 'PLAIN') {
      this.cmdCounter = next;
      return { status, data: body };
    }
    if (body.length < MAC_LENGTH) throw new SecureMessagingError('The response has no MAC');
    const data = body.subarray(0, body.length - MAC_LENGTH);
    if (!macEquals(this.mac(0x00, next, data), body.subarray(data.length))) {
      throw new SecureMessagingError('The response MAC does not verify');
    }
    this.cmdCounter = next;
    return { status, data: mode === 'FULL' && data.length > 0 ? this.decrypt([0x5a, 0xa5], next, data) : data };
  }

  // ── PICC side ───────────────────────────────────────────────────────────────────────────────

  /** The tag's view of a command's data: verifies the MAC, decrypts what follows the header. */
  unwrapCommand(ins: number, mode: CommMode, headerLength: number, body: Uint8Array): { header: Buffer; data: Buffer } {
    if (mode === 'PLAIN')
      return { header: Buffer.from(body.subarray(0, headerLength)), data: Buffer.from(body.subarray(headerLength)) };
    if (body.length < headerLength + MAC_LENGTH) throw new SecureMessagingError('The command has no MAC');
    const macced = body.subarray(0, body.length - MAC_LENGTH);
    if (!macEquals(this.mac(ins, this.cmdCounter, macced), body.subarray(macced.length))) {
      throw new SecureMessagingError('The command MAC does not verify');
    }
    const header = Buffer.from(macced.subarray(0, headerLength));
    const rest = macced.subarray(headerLength);
    return {
      header,
      data: mode === 'FULL' && rest.length > 0 ? this.decrypt([0xa5, 0x5a], this.cmdCounter, rest) : Buffer.from(rest),
    };
  }

  /** The tag's successful response (data + 91 00) in `mode`; advances the counter. */
  wrapResponse(mode: CommMode, data: Uint8Array = new Uint8Array()): Buffer {
    const next = this.cmdCounter + 1;
    this.cmdCounter = next;
    if (mode === 'PLAIN') return Buffer.concat([data, Buffer.of(0x91, 0x00)]);
    const body = mode === 'FULL' && data.length > 0 ? this.encrypt([0x5a, 0xa5], next, data) : Buffer.from(data);
    return Buffer.concat([body, this.mac(0x00, next, body), Buffer.of(0x91, 0x00)]);
  }
}

/** `90 <ins> 00 00 [Lc data] 00`. */
export function nativeApdu(ins: number, body: Uint8Array = new Uint8Array()): Buffer {
  if (body.length > 255) throw new RangeError('A short APDU carries at most 255 bytes');
  return body.length === 0
    ? Buffer.of(0x90, ins, 0, 0, 0)
    : Buffer.concat([Buffer.of(0x90, ins, 0, 0, body.length), body, Buffer.of(0)]);
}

/** SW1 SW2 of a response as one number (0x9100, 0x91AE, 0x9000…); 0 for a response without one. */
export function statusWord(response: Uint8Array): number {
  return response.length < 2 ? 0 : (response[response.length - 2]! << 8) | response[response.length - 1]!;
}
