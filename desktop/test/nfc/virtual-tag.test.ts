import { configPagesOf, encodeNtagConfig } from '@sparkmotion/shared/ntag/config';
import { NTAG_SPECS } from '@sparkmotion/shared/ntag/memory-layout';
import { bandTagConfig, planMirror, withMirrorPlaceholder } from '@sparkmotion/shared/ntag/mirror';
import { describe, expect, test } from 'vitest';
import { NtagMemory, phoneRead, VirtualTag } from './virtual-tag.ts';

const uid = Uint8Array.of(0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66);
const page = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

describe('the virtual NTAG memory follows the datasheet', () => {
  test('starts formatted: UID with check bytes, CC, an empty NDEF TLV', () => {
    const tag = new NtagMemory('NTAG213', uid);
    expect(hex(tag.read(0))).toBe(
      `041122${(0x88 ^ 0x04 ^ 0x11 ^ 0x22).toString(16)}33445566${(0x33 ^ 0x44 ^ 0x55 ^ 0x66).toString(16).padStart(2, '0')}480000e1101200`,
    );
    expect(hex(tag.read(4)?.subarray(0, 3) ?? null)).toBe('0300fe');
  });

  test.each([
    ['page 0 (UID)', 0, false],
    ['page 1 (UID)', 1, false],
    ['page 4 (user memory)', 4, true],
    ['the last user page', NTAG_SPECS.NTAG213.lastUserPage, true],
    ['past the end', NTAG_SPECS.NTAG213.pages, false],
  ])('a write to %s is %s', (_case, p, ok) => {
    expect(new NtagMemory('NTAG213', uid).write(p, page('01020304'))).toBe(ok);
  });

  test('ORs lock bytes and the CC, and never clears a bit', () => {
    const tag = new NtagMemory('NTAG213', uid);
    expect(tag.write(2, page('ffff0100'))).toBe(true);
    expect(tag.write(2, page('00000200'))).toBe(true);
    expect(hex(tag.page(2))?.slice(4)).toBe('0300');
    tag.write(3, page('00000000'));
    expect(hex(tag.page(3))).toBe('e1101200');
  });

  test('refuses writes to pages the lock bits protect', () => {
    const tag = new NtagMemory('NTAG215', uid);
    tag.write(2, page('00001000')); // lock page 4
    expect(tag.write(4, page('aabbccdd'))).toBe(false);
    expect(tag.write(5, page('aabbccdd'))).toBe(true);
    tag.write(NTAG_SPECS.NTAG215.dynamicLockPage, page('01000000')); // lock pages 16–31
    expect(tag.write(31, page('aabbccdd'))).toBe(false);
    expect(tag.write(32, page('aabbccdd'))).toBe(true);
  });

  test('reads four pages, rolls over past the last page and hides the password', () => {
    const tag = new NtagMemory('NTAG213', uid);
    const last = NTAG_SPECS.NTAG213.pages - 1;
    tag.write(last - 1, page('ffffffff')); // PWD
    const data = tag.read(last - 1)!;
    expect(hex(data.subarray(0, 8))).toBe('0000000000000000');
    expect(hex(data.subarray(8, 12))).toBe(hex(tag.page(0)));
    expect(tag.read(last + 1)).toBeNull();
  });
});

describe('the virtual tag behind the ACR122U pass-through', () => {
  test('answers GET_VERSION, FAST_READ and READ_SIG as an NTAG21x does', () => {
    const tag = new VirtualTag(new NtagMemory('NTAG216', uid));
    const answer = (apdu: string) => {
      const response = tag.respond(Buffer.from(apdu, 'hex'));
      return response === 'leave' ? response : hex(response);
    };
    expect(answer('ff00000003d44260')).toBe('d5430000040402010013039000');
    expect(answer('ff00000005d4423a0304')).toBe(`d54300e1106d000300fe009000`);
    expect(answer('ff00000005d4423a04ff')).toBe('d543019000');
    expect(answer('ff00000004d4423c00')).toBe(`d54300${'00'.repeat(32)}9000`);
    expect(answer('ffca000000')).toBe('041122334455669000');
    expect(answer('ffb000e710')).toBe('6300');
  });
});

describe('the virtual tag does what tap trust relies on (mirror, NFC counter, password)', () => {
  /** A band as the station leaves it: URL with the placeholder, mirror + counter, PWD/PACK, AUTH0 = 4. */
  function band(protect: boolean, readProtected = false) {
    const memory = new NtagMemory('NTAG213', uid);
    const plan = planMirror('NTAG213', withMirrorPlaceholder('https://hub.test/e?bandId=AbCdEfGhIjKlMnOp'));
    plan.pages.forEach((data, i) => {
      memory.write(4 + i, data);
    });
    const pages = configPagesOf('NTAG213');
    memory.write(pages.pwd, page('a1b2c3d4'));
    memory.write(pages.pack, page('e5f60000'));
    const { cfg0, cfg1 } = encodeNtagConfig({ ...bandTagConfig(plan, { protect }), readProtected });
    memory.write(pages.cfg1, cfg1);
    memory.write(pages.cfg0, cfg0);
    memory.powerOn();
    return { memory, tag: new VirtualTag(memory), pages };
  }
  const answer = (tag: VirtualTag, apdu: string) => {
    const response = tag.respond(Buffer.from(apdu, 'hex'));
    return response === 'leave' ? response : hex(response);
  };

  test('mirrors UID and counter on read; the counter moves once per power-on, on the first read', () => {
    const { memory } = band(false);
    expect(phoneRead(memory)).toBe('https://hub.test/e?bandId=AbCdEfGhIjKlMnOp&m=04112233445566x000001');
    memory.read(4);
    memory.fastRead(4, 8);
    expect(memory.counter).toBe(1);
    expect(phoneRead(memory)).toMatch(/&m=04112233445566x000002$/);
    // The stored bytes keep the placeholder: only what is sent carries the mirror.
    expect(Buffer.from(memory.bytes).includes(Buffer.from('m=00000000000000x000000'))).toBe(true);
  });

  test('a tag without NFC_CNT_EN or without a mirror shows the placeholder and keeps its counter', () => {
    const memory = new NtagMemory('NTAG213', uid);
    const plan = planMirror('NTAG213', withMirrorPlaceholder('https://hub.test/e?bandId=AbCdEfGhIjKlMnOp'));
    plan.pages.forEach((data, i) => {
      memory.write(4 + i, data);
    });
    expect(phoneRead(memory)).toMatch(/&m=00000000000000x000000$/);
    expect(memory.counter).toBe(0);
  });

  test('READ_CNT reads the counter LSB first', () => {
    const { memory, tag } = band(false);
    phoneRead(memory);
    phoneRead(memory);
    expect(answer(tag, 'ff00000004d442390' + '2')).toBe('d54300020000' + '9000');
  });

  test('from AUTH0 on, writes need PWD_AUTH: 63 00 / NAK before, accepted after; PACK answers the right password', () => {
    const { tag, pages } = band(true);
    expect(answer(tag, 'ffd600050401020304')).toBe('6300');
    expect(answer(tag, `ff00000006d442a2${pages.cfg0.toString(16)}04000000`)).toBe('d543019000');
    expect(answer(tag, 'ff00000007d4421b00000000')).toBe('d543019000');
    expect(answer(tag, 'ff00000007d4421ba1b2c3d4')).toBe('d54300e5f69000');
    expect(answer(tag, 'ffd600050401020304')).toBe('9000');
    // A new field forgets the authentication.
    tag.memory.powerOn();
    expect(answer(tag, 'ffd600050401020304')).toBe('6300');
  });

  test('reads stay free with PROT = 0 and need the password with PROT = 1', () => {
    expect(answer(band(true).tag, 'ffb0000410')).toMatch(/9000$/);
    const locked = band(true, true).tag;
    expect(answer(locked, 'ffb0000410')).toBe('6300');
    expect(answer(locked, 'ffb0000010')).toMatch(/9000$/);
    answer(locked, 'ff00000007d4421ba1b2c3d4');
    expect(answer(locked, 'ffb0000410')).toMatch(/9000$/);
  });

  test('AUTHLIM failed attempts disable the password for good', () => {
    const { memory, pages } = band(true);
    memory.pwdAuth(page('a1b2c3d4'));
    const { cfg1 } = encodeNtagConfig({ ...memory.config, authLimit: 2 });
    memory.write(pages.cfg1, cfg1);
    expect(memory.pwdAuth(page('00000000'))).toBeNull();
    expect(memory.pwdAuth(page('00000000'))).toBeNull();
    expect(memory.pwdAuth(page('a1b2c3d4'))).toBeNull();
  });
});
