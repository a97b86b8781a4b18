import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AES_BLOCK, macEquals, prepareAesKey } from './aes-cmac.ts';
import { Ev2Channel } from './secure-messaging.ts';

/**
 * AuthenticateEV2First / AuthenticateEV2NonFirst, AES mode (NT4H2421Gx §9.1.5–9.1.7, AN12196 §6.6):
 *
 *   PCD → 90 71 00 00 02 <KeyNo> 00 00   (NonFirst: 90 77 00 00 01 <KeyNo> 00)
 *   PICC ← E(K, RndB) 91 AF
 *   PCD → 90 AF 00 00 20 E(K, RndA || RndB<<<1) 00
 *   PICC ← E(K, TI || RndA<<<1 || PDcap2 || PCDcap2) 91 00   (NonFirst: E(K, RndA<<<1))
 *
 * E is AES-CBC with a zero IV and no padding. Both sides are here, so the desk and the virtual tag
 * run one implementation checked against the note's bytes. Randomness is an argument: the caller
 * draws RndA / RndB / TI, a test passes the note's.
 */

export const INS_AUTH_EV2_FIRST = 0x71;
export const INS_AUTH_EV2_NON_FIRST = 0x77;
export const INS_ADDITIONAL_FRAME = 0xaf;

const ZERO_IV = Buffer.alloc(AES_BLOCK);

function cbc(encrypt: boolean, key: Uint8Array, data: Uint8Array): Buffer {
  const cipher = encrypt ? createCipheriv('aes-128-cbc', key, ZERO_IV) : createDecipheriv('aes-128-cbc', key, ZERO_IV);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export const rotateLeft = (bytes: Uint8Array): Buffer => Buffer.concat([bytes.subarray(1), bytes.subarray(0, 1)]);
const rotateRight = (bytes: Uint8Array): Buffer =>
  Buffer.concat([bytes.subarray(bytes.length - 1), bytes.subarray(0, bytes.length - 1)]);

/** KSesAuthENC and KSesAuthMAC from the key authenticated with and both random numbers (§9.1.7). */
export function ev2SessionKeys(key: Uint8Array, rndA: Uint8Array, rndB: Uint8Array): { enc: Buffer; mac: Buffer } {
  const context = Buffer.alloc(26);
  context.set(rndA.subarray(0, 2), 0);
  for (let i = 0; i < 6; i++) context[2 + i] = rndA[2 + i]! ^ rndB[i]!;
  context.set(rndB.subarray(6, 16), 8);
  context.set(rndA.subarray(8, 16), 18);
  const prepared = prepareAesKey(key);
  const sv = (label: number[]) => Buffer.concat([Buffer.from(label), context]);
  return {
    enc: prepared.cmac(sv([0xa5, 0x5a, 0x00, 0x01, 0x00, 0x80])),
    mac: prepared.cmac(sv([0x5a, 0xa5, 0x00, 0x01, 0x00, 0x80])),
  };
}

/** The first command of an authentication. */
export function authFirstCommand(keyNo: number, first: boolean): Buffer {
  return first
    ? Buffer.of(0x90, INS_AUTH_EV2_FIRST, 0, 0, 2, keyNo, 0, 0)
    : Buffer.of(0x90, INS_AUTH_EV2_NON_FIRST, 0, 0, 1, keyNo, 0);
}

/** The PCD's answer to E(K, RndB): the second command, and RndB for `finishAuth`. */
export function authSecondCommand(
  key: Uint8Array,
  encryptedRndB: Uint8Array,
  rndA: Uint8Array,
): { command: Buffer; rndB: Buffer } {
  if (encryptedRndB.length !== AES_BLOCK || rndA.length !== AES_BLOCK)
    throw new RangeError('RndA and RndB are 16 bytes');
  const rndB = cbc(false, key, encryptedRndB);
  const body = cbc(true, key, Buffer.concat([rndA, rotateLeft(rndB)]));
  return {
    command: Buffer.concat([Buffer.of(0x90, INS_ADDITIONAL_FRAME, 0, 0, body.length), body, Buffer.of(0)]),
    rndB,
  };
}

/**
 * Checks the PICC's last answer (data without the status word) and opens the session. `ti` is the
 * session's transaction identifier for NonFirst (it is kept, as is the command counter); null when
 * the PICC did not return our RndA, i.e. it does not hold the key.
 */
export function finishAuth(
  key: Uint8Array,
  rndA: Uint8Array,
  rndB: Uint8Array,
  response: Uint8Array,
  nonFirst?: { ti: Uint8Array; cmdCounter: number },
): Ev2Channel | null {
  if (response.length !== (nonFirst ? AES_BLOCK : 2 * AES_BLOCK)) return null;
  const plain = cbc(false, key, response);
  const ti = nonFirst ? Buffer.from(nonFirst.ti) : plain.subarray(0, 4);
  const rndARotated = nonFirst ? plain : plain.subarray(4, 4 + AES_BLOCK);
  if (!macEquals(rotateRight(rndARotated), rndA)) return null;
  const keys = ev2SessionKeys(key, rndA, rndB);
  return new Ev2Channel(keys.enc, keys.mac, ti, nonFirst?.cmdCounter ?? 0);
}

/** PICC side, first answer: E(K, RndB). */
export const piccAuthChallenge = (key: Uint8Array, rndB: Uint8Array): Buffer => cbc(true, key, rndB);

/**
 * PICC side, second answer: checks that the PCD returned RndB rotated, and gives the response data
 * with the session. null: authentication error (wrong key). PDcap2 and PCDcap2 are zeros, as the
 * note's examples and a factory tag give.
 */
export function piccAuthFinish(
  key: Uint8Array,
  rndB: Uint8Array,
  commandData: Uint8Array,
  session: { ti: Uint8Array; cmdCounter: number; first: boolean },
): { response: Buffer; channel: Ev2Channel } | null {
  if (commandData.length !== 2 * AES_BLOCK) return null;
  const plain = cbc(false, key, commandData);
  const rndA = plain.subarray(0, AES_BLOCK);
  if (!macEquals(plain.subarray(AES_BLOCK), rotateLeft(rndB))) return null;
  const keys = ev2SessionKeys(key, rndA, rndB);
  const channel = new Ev2Channel(keys.enc, keys.mac, session.ti, session.first ? 0 : session.cmdCounter);
  const answer = session.first ? Buffer.concat([session.ti, rotateLeft(rndA), Buffer.alloc(12)]) : rotateLeft(rndA);
  return { response: cbc(true, key, answer), channel };
}
