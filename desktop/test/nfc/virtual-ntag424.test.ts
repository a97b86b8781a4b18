import { createDecipheriv, randomBytes } from 'node:crypto';
import * as V from '@sparkmotion/shared/ntag424/an12196-vectors';
import { dataHeader } from '@sparkmotion/shared/ntag424/commands';
import { authFirstCommand, authSecondCommand, finishAuth } from '@sparkmotion/shared/ntag424/ev2-auth';
import { Ev2Channel } from '@sparkmotion/shared/ntag424/secure-messaging';
import { describe, expect, test } from 'vitest';
import { Ntag424Chip } from './ntag424-chip.ts';
import { phoneReadNtag424 } from './virtual-ntag424.ts';

const hex = (text: string) => Buffer.from(text, 'hex');
const upper = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const UID = hex('04958CAA5C5E80');
const SELECT_APP = '00A4040C07D276000085010100';

/** Randomness that hands out the given byte strings in turn, then random bytes. */
const scripted =
  (...values: string[]) =>
  (n: number) =>
    values.length > 0 ? hex(values.shift()!) : randomBytes(n);

const send = (chip: Ntag424Chip, apdu: string | Buffer) =>
  upper(chip.respond(typeof apdu === 'string' ? hex(apdu) : apdu));

function authenticate(chip: Ntag424Chip, key: Buffer = Buffer.alloc(16)): Ev2Channel | null {
  const rndA = randomBytes(16);
  const challenge = chip.respond(authFirstCommand(0, true));
  const second = authSecondCommand(key, challenge.subarray(0, 16), rndA);
  const answer = chip.respond(second.command);
  return finishAuth(key, rndA, second.rndB, answer.subarray(0, -2));
}

/** Puts the chip in one of the note's sessions (its keys, TI and counter) to replay the note's commands. */
function inSession(chip: Ntag424Chip, v: { encKey: string; macKey: string; ti: string; cmdCounter: number }): void {
  send(chip, SELECT_APP);
  if (!authenticate(chip)) throw new Error('factory authentication failed');
  (chip as unknown as { session: unknown }).session = {
    keyNo: 0,
    channel: new Ev2Channel(hex(v.encKey), hex(v.macKey), hex(v.ti), v.cmdCounter),
  };
}

describe('the virtual NTAG 424 DNA answers AN12196’s examples byte for byte', () => {
  test('AuthenticateEV2First with the factory key (§6.6): E(K, RndB), then TI || RndA′ encrypted', () => {
    const v = V.AUTH_FIRST_KEY0;
    const chip = new Ntag424Chip(UID, scripted(v.rndB, v.ti));
    send(chip, SELECT_APP);
    expect(send(chip, v.command1)).toBe(`${v.response1}91AF`);
    expect(send(chip, v.command2)).toBe(`${v.response2}9100`);
    expect(chip.authenticatedKey).toBe(0);
  });

  test('ChangeKey case 1 (§5.16.1) stores key 2 and its version and answers the note’s MAC', () => {
    const v = V.CHANGE_KEY_OTHER;
    const chip = new Ntag424Chip(UID, randomBytes);
    inSession(chip, v);
    expect(send(chip, v.command)).toBe(`${v.responseMac}9100`);
    expect([upper(chip.keys[2]!), chip.keyVersions[2]]).toEqual([v.newKey, 1]);
  });

  test('ChangeKey case 2 (§5.16.2) changes key 0, answers plain 91 00 and ends the session', () => {
    const v = V.CHANGE_KEY_SAME;
    const chip = new Ntag424Chip(UID, randomBytes);
    inSession(chip, v);
    expect(send(chip, v.command)).toBe('9100');
    expect([upper(chip.keys[0]!), chip.keyVersions[0], chip.authenticatedKey]).toEqual([v.newKey, 1, null]);
    expect(authenticate(chip)).toBeNull();
    expect(authenticate(chip, hex(v.newKey))).not.toBeNull();
  });

  test('ChangeFileSettings with the note’s SDM settings is taken, and GetFileSettings gives them back', () => {
    const v = V.CHANGE_FILE_SETTINGS_FULL;
    const chip = new Ntag424Chip(UID, randomBytes);
    inSession(chip, v);
    expect(send(chip, v.command)).toBe(`${v.responseMac}9100`);
    chip.powerOn();
    send(chip, SELECT_APP);
    expect(send(chip, '90F50000010200')).toBe(`00${v.settings.slice(0, 6)}000100${v.settings.slice(6)}9100`);
  });

  test('a phone read mirrors the note’s SUN (UID 04DE5F1EACC040, counter 61, zero keys)', () => {
    const padding = createDecipheriv('aes-128-ecb', Buffer.alloc(16), null)
      .setAutoPadding(false)
      .update(hex('EF963FF7828658A599F3041510671E88'))
      .subarray(11);
    const chip = new Ntag424Chip(hex('04DE5F1EACC040'), scripted(padding.toString('hex')));
    const url = Buffer.from('\u0004x/?e=00000000000000000000000000000000&c=0000000000000000', 'latin1');
    const file = chip.file(2);
    file.data.set([0, url.length + 4, 0xd1, 0x01, url.length, 0x55, ...url]);
    file.settings = {
      commMode: 'PLAIN',
      access: { read: 0xe, write: 0, readWrite: 0, change: 0 },
      sdm: {
        uidMirror: true,
        readCtrMirror: true,
        ascii: true,
        metaRead: 0,
        fileRead: 0,
        ctrRet: 0xf,
        piccDataOffset: 12,
        macInputOffset: 47,
        macOffset: 47,
      },
    };
    file.readCounter = 60;
    expect(phoneReadNtag424(chip)).toBe('https://x/?e=EF963FF7828658A599F3041510671E88&c=94EED9EE65337086');
    expect(file.readCounter).toBe(61);
  });
});

describe('the virtual NTAG 424 DNA follows the datasheet', () => {
  test('a factory tag: GetVersion announces a 424 and its UID, the NDEF file is empty, keys are version 0', () => {
    const chip = new Ntag424Chip(UID, randomBytes);
    expect(phoneReadNtag424(chip)).toBeNull();
    expect(send(chip, '9060000000')).toBe('0404023000110591AF');
    expect(send(chip, '90AF000000')).toBe('0404020102110591AF');
    expect(send(chip, '90AF000000').slice(0, 14)).toBe('04958CAA5C5E80');
    expect(send(chip, '906400000100')).toBe('009100');
  });

  test('files are read and written by native and ISO commands; the proprietary file needs its key', () => {
    const chip = new Ntag424Chip(UID, randomBytes);
    send(chip, SELECT_APP);
    send(chip, '00A4000C02E10400');
    expect(send(chip, '00D6000003001122')).toBe('9000');
    expect(send(chip, '00B0000003')).toBe('0011229000');
    expect(send(chip, Buffer.concat([hex('908D00000A'), dataHeader(2, 3, 3), hex('AABBCC00')]))).toBe('9100');
    expect(send(chip, Buffer.concat([hex('90AD000007'), dataHeader(2, 0, 6), hex('00')]))).toBe('001122AABBCC9100');
    expect(send(chip, Buffer.concat([hex('90AD000007'), dataHeader(3, 0, 4), hex('00')]))).toBe('919D');
  });

  test.each([
    ['a native command before the application is selected', '906400000100', '919D'],
    ['a key that does not exist', '9071000002050000', '9140'],
    ['an unknown instruction', '9099000000', '911C'],
    ['another application', '00A4040C07D276000085010200', '6A82'],
    ['another class', '8060000000', '6E00'],
  ])('refuses %s', (_case, apdu, sw) => {
    const chip = new Ntag424Chip(UID, randomBytes);
    if (!apdu.startsWith('906400')) send(chip, SELECT_APP);
    expect(send(chip, apdu)).toBe(sw);
  });

  test('ChangeKey without authentication, or of another key with the wrong old key, is refused and keeps the key', () => {
    const chip = new Ntag424Chip(UID, randomBytes);
    send(chip, SELECT_APP);
    expect(send(chip, '90C4000001010000')).toBe('919D');
    const channel = authenticate(chip)!;
    const wrong = channel.wrapCommand(0xc4, 'FULL', Buffer.of(2), Buffer.alloc(21, 7));
    expect(send(chip, wrong)).toBe('911E');
    expect(chip.keys[2]!.equals(Buffer.alloc(16))).toBe(true);
    expect(chip.authenticatedKey).toBeNull();
  });

  test('leaving the field ends the session', () => {
    const chip = new Ntag424Chip(UID, randomBytes);
    send(chip, SELECT_APP);
    authenticate(chip);
    chip.powerOn();
    expect(chip.authenticatedKey).toBeNull();
  });
});
