import { describe, expect, test } from 'vitest';
import * as V from './an12196-vectors.ts';
import { changeKeyData, crc32Nxp, INS, parseChangeKeyData } from './commands.ts';
import { authFirstCommand, authSecondCommand, finishAuth, piccAuthChallenge, piccAuthFinish } from './ev2-auth.ts';
import { decodeFileSettings, encodeFileSettings } from './file-settings.ts';
import { Ev2Channel, SecureMessagingError } from './secure-messaging.ts';

const hex = (text: string) => Buffer.from(text, 'hex');
const upper = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const channel = (v: { encKey: string; macKey: string; ti: string; cmdCounter: number }) =>
  new Ev2Channel(hex(v.encKey), hex(v.macKey), hex(v.ti), v.cmdCounter);
const ok = (body: string) => Buffer.concat([hex(body), Buffer.of(0x91, 0x00)]);

describe('AuthenticateEV2First and NonFirst, AN12196 §6.6 / §6.10', () => {
  test.each([
    ['§6.6', V.AUTH_FIRST_KEY0],
    ['§6.10', V.AUTH_FIRST_KEY0_B],
  ])('the desk side of %s sends the note’s bytes and derives its session keys and TI', (_name, v) => {
    expect(upper(authFirstCommand(0, true))).toBe('9071000002000000');
    const second = authSecondCommand(hex(v.key), hex(v.response1), hex(v.rndA));
    expect(upper(second.command)).toBe(v.command2);
    const session = finishAuth(hex(v.key), hex(v.rndA), second.rndB, hex(v.response2));
    expect(session && upper(session.ti)).toBe(v.ti);
    expect(session && upper(session.encKey)).toBe(v.encKey);
    expect(session && upper(session.macKey)).toBe(v.macKey);
    expect(session?.cmdCounter).toBe(0);
  });

  test('the tag side of §6.6 answers with the note’s bytes from the same RndB and TI', () => {
    const v = V.AUTH_FIRST_KEY0;
    expect(upper(piccAuthChallenge(hex(v.key), hex(v.rndB)))).toBe(v.response1);
    const data = hex(v.command2).subarray(5, 37);
    const done = piccAuthFinish(hex(v.key), hex(v.rndB), data, { ti: hex(v.ti), cmdCounter: 0, first: true });
    expect(done && upper(done.response)).toBe(v.response2);
    expect(done && upper(done.channel.encKey)).toBe(v.encKey);
    expect(done && upper(done.channel.macKey)).toBe(v.macKey);
  });

  test('NonFirst keeps the TI and command counter and derives fresh session keys', () => {
    const v = V.AUTH_NON_FIRST_KEY0;
    expect(upper(authFirstCommand(0, false))).toBe(v.command1);
    const second = authSecondCommand(hex(v.key), hex(v.response1), hex(v.rndA));
    expect(upper(second.command)).toBe(v.command2);
    const session = finishAuth(hex(v.key), hex(v.rndA), second.rndB, hex(v.response2), {
      ti: hex(v.ti),
      cmdCounter: 5,
    });
    expect(session && [upper(session.encKey), upper(session.macKey), upper(session.ti), session.cmdCounter]).toEqual([
      v.encKey,
      v.macKey,
      v.ti,
      5,
    ]);
  });

  test('a tag answering with another key is refused on both sides', () => {
    const v = V.AUTH_FIRST_KEY0;
    const wrongKey = Buffer.alloc(16, 1);
    const second = authSecondCommand(wrongKey, hex(v.response1), hex(v.rndA));
    expect(finishAuth(wrongKey, hex(v.rndA), second.rndB, hex(v.response2))).toBeNull();
    expect(
      piccAuthFinish(hex(v.key), hex(v.rndB), second.command.subarray(5, 37), {
        ti: hex(v.ti),
        cmdCounter: 0,
        first: true,
      }),
    ).toBeNull();
  });
});

describe('EV2 secure messaging, AN12196 examples', () => {
  test('MAC mode: GetFileSettings (§5.3) on both sides', () => {
    const v = V.GET_FILE_SETTINGS_MAC;
    const desk = channel(v);
    expect(upper(desk.wrapCommand(INS.GET_FILE_SETTINGS, 'MAC', Buffer.of(2)))).toBe(v.command);
    const tag = channel(v);
    expect(upper(tag.unwrapCommand(INS.GET_FILE_SETTINGS, 'MAC', 1, hex(v.command).subarray(5, -1)).header)).toBe('02');
    expect(upper(tag.wrapResponse('MAC', hex(v.settings)))).toBe(`${v.response}9100`);
    expect(upper(desk.unwrapResponse('MAC', ok(v.response)).data)).toBe(v.settings);
    expect([desk.cmdCounter, tag.cmdCounter]).toEqual([1, 1]);
  });

  test.each([
    ['WriteData (§6.12)', V.WRITE_DATA_FULL],
    ['WriteData of the NDEF file (§5.4)', V.WRITE_NDEF_FULL],
  ])('full mode: %s encrypts and MACs as the note does, and the tag reads it back', (_name, v) => {
    const desk = channel(v);
    expect(upper(desk.wrapCommand(INS.WRITE_DATA, 'FULL', hex(v.header), hex(v.data)))).toBe(v.command);
    const tag = channel(v);
    const seen = tag.unwrapCommand(INS.WRITE_DATA, 'FULL', 7, hex(v.command).subarray(5, -1));
    expect([upper(seen.header), upper(seen.data)]).toEqual([v.header, v.data]);
    expect(upper(tag.wrapResponse('FULL'))).toBe(`${v.responseMac}9100`);
    expect(desk.unwrapResponse('FULL', ok(v.responseMac)).data.length).toBe(0);
  });

  test('full mode response: GetCardUID (§7.3) decrypts to the UID', () => {
    const v = V.GET_CARD_UID_FULL;
    const desk = channel(v);
    expect(upper(desk.wrapCommand(INS.GET_CARD_UID, 'FULL'))).toBe(v.command);
    expect(upper(desk.unwrapResponse('FULL', ok(v.response)).data)).toBe(v.uid);
    const tag = channel(v);
    tag.unwrapCommand(INS.GET_CARD_UID, 'FULL', 0, hex(v.command).subarray(5, -1));
    expect(upper(tag.wrapResponse('FULL', hex(v.uid)))).toBe(`${v.response}9100`);
  });

  test('ChangeFileSettings with SDM in full mode gives the published command', () => {
    const v = V.CHANGE_FILE_SETTINGS_FULL;
    const settings = decodeFileSettings(hex(v.settings), false);
    expect(settings).toEqual({
      commMode: 'PLAIN',
      access: { readWrite: 0, change: 0, read: 0xe, write: 0 },
      sdm: {
        uidMirror: true,
        readCtrMirror: true,
        ascii: true,
        metaRead: 2,
        fileRead: 1,
        ctrRet: 1,
        piccDataOffset: 0x20,
        macInputOffset: 0x43,
        macOffset: 0x43,
      },
    });
    expect(upper(encodeFileSettings(settings!))).toBe(v.settings);
    const desk = channel(v);
    expect(upper(desk.wrapCommand(INS.CHANGE_FILE_SETTINGS, 'FULL', Buffer.of(2), hex(v.settings)))).toBe(v.command);
    expect(desk.unwrapResponse('MAC', ok(v.responseMac)).status).toBe(0x9100);
  });

  test('GetFileSettings answers decode, with encrypted file data offsets', () => {
    expect(decodeFileSettings(hex(V.GET_FILE_SETTINGS_MAC.settings), true)).toMatchObject({
      fileType: 0,
      size: 256,
      access: { read: 0xe, write: 0xe, readWrite: 0xe, change: 0xe },
      sdm: {
        metaRead: 0,
        fileRead: 0,
        piccDataOffset: 0x1f,
        macInputOffset: 0x44,
        encOffset: 0x44,
        encLength: 0x20,
        macOffset: 0x6a,
      },
    });
    expect(upper(encodeFileSettings(decodeFileSettings(hex(V.GET_FILE_SETTINGS_MAC.settings), true)!))).toBe(
      V.GET_FILE_SETTINGS_MAC.settings.slice(2, 8) + V.GET_FILE_SETTINGS_MAC.settings.slice(14),
    );
  });

  test.each([
    ['truncated', '40'],
    ['an offset cut short', '4000E0C1F1212000'],
    ['trailing bytes', '0000E000'],
  ])('malformed file settings (%s) decode to null', (_case, bytes) => {
    expect(decodeFileSettings(hex(bytes), false)).toBeNull();
  });

  test('ChangeKey case 1 (another key): CRC32 of the new key, XOR with the old, the published command', () => {
    const v = V.CHANGE_KEY_OTHER;
    expect(upper(crc32Nxp(hex(v.newKey)))).toBe(v.crc);
    const data = changeKeyData(v.keyNo, 0, hex(v.newKey), v.version, hex(v.oldKey));
    const desk = channel(v);
    expect(upper(desk.wrapCommand(INS.CHANGE_KEY, 'FULL', Buffer.of(v.keyNo), data))).toBe(v.command);
    expect(desk.unwrapResponse('MAC', ok(v.responseMac)).status).toBe(0x9100);
    const tag = channel(v);
    const seen = tag.unwrapCommand(INS.CHANGE_KEY, 'FULL', 1, hex(v.command).subarray(5, -1));
    expect(parseChangeKeyData(seen.data, false, hex(v.oldKey))).toEqual({ key: hex(v.newKey), version: 1 });
    expect(parseChangeKeyData(seen.data, false, Buffer.alloc(16, 7))).toBeNull();
  });

  test('ChangeKey case 2 (the key authenticated with) gives the published command', () => {
    const v = V.CHANGE_KEY_SAME;
    const data = changeKeyData(v.keyNo, 0, hex(v.newKey), v.version);
    expect(upper(channel(v).wrapCommand(INS.CHANGE_KEY, 'FULL', Buffer.of(0), data))).toBe(v.command);
    const seen = channel(v).unwrapCommand(INS.CHANGE_KEY, 'FULL', 1, hex(v.command).subarray(5, -1));
    expect(parseChangeKeyData(seen.data, true, Buffer.alloc(16))).toEqual({ key: hex(v.newKey), version: 1 });
  });

  test('a response MAC that does not verify throws and leaves the counter where it was', () => {
    const v = V.GET_FILE_SETTINGS_MAC;
    const desk = channel(v);
    desk.wrapCommand(INS.GET_FILE_SETTINGS, 'MAC', Buffer.of(2));
    const forged = v.response.slice(0, -1) + (v.response.endsWith('6') ? '7' : '6');
    expect(() => desk.unwrapResponse('MAC', ok(forged))).toThrow(SecureMessagingError);
    expect(desk.cmdCounter).toBe(0);
  });

  test('an error status carries no MAC and is handed back as it is', () => {
    const desk = channel(V.GET_FILE_SETTINGS_MAC);
    expect(desk.unwrapResponse('MAC', Buffer.of(0x91, 0x9d))).toEqual({ status: 0x919d, data: Buffer.alloc(0) });
  });
});
