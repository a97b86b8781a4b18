import { describe, expect, test } from 'vitest';
import {
  capabilityContainer,
  isPageLocked,
  type LockBytes,
  lockState,
  NTAG_SPECS,
  ntagTypeFromCc,
  ntagTypeFromVersion,
  readOnlyLockWrites,
  toPages,
  uidPages,
  userBytes,
  versionBytes,
} from './memory-layout.ts';

const unlocked: LockBytes = { static: [0, 0], dynamic: [0, 0, 0] };

describe('NTAG21x layout', () => {
  test.each([
    ['NTAG213', 144, 'e1101200', '0004040201000f03'],
    ['NTAG215', 504, 'e1103e00', '0004040201001103'],
    ['NTAG216', 888, 'e1106d00', '0004040201001303'],
  ] as const)('%s has its datasheet user memory, CC and version', (type, bytes, cc, version) => {
    const spec = NTAG_SPECS[type];
    expect(userBytes(spec)).toBe(bytes);
    expect(Buffer.from(capabilityContainer(spec)).toString('hex')).toBe(cc);
    expect(Buffer.from(versionBytes(spec)).toString('hex')).toBe(version);
    expect(ntagTypeFromCc(capabilityContainer(spec))).toBe(type);
    expect(ntagTypeFromVersion(versionBytes(spec))).toBe(type);
  });

  test('recognises no NTAG from a foreign CC or version', () => {
    expect(ntagTypeFromCc(Uint8Array.of(0xe1, 0x10, 0x06, 0x00))).toBeNull();
    expect(ntagTypeFromCc(Uint8Array.of(0, 0, 0, 0))).toBeNull();
    expect(ntagTypeFromVersion(Uint8Array.of(0x00, 0x04, 0x03, 0x01, 0x01, 0x00, 0x0b, 0x03))).toBeNull();
  });

  test('computes the UID check bytes', () => {
    // datasheet: BCC0 = CT (0x88) ^ UID0 ^ UID1 ^ UID2, BCC1 = UID3 ^ UID4 ^ UID5 ^ UID6
    const pages = uidPages(Uint8Array.of(0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66));
    expect(pages[3]).toBe(0x88 ^ 0x04 ^ 0x11 ^ 0x22);
    expect(pages[8]).toBe(0x33 ^ 0x44 ^ 0x55 ^ 0x66);
  });

  test('pads data to whole pages', () => {
    expect(toPages(Uint8Array.of(1, 2, 3, 4, 5)).map((p) => Array.from(p))).toEqual([
      [1, 2, 3, 4],
      [5, 0, 0, 0],
    ]);
  });
});

describe('lock bits', () => {
  test.each([
    ['the CC by static lock0 bit 3', { static: [0x08, 0], dynamic: [0, 0, 0] }, 3, true],
    ['page 4 by static lock0 bit 4', { static: [0x10, 0], dynamic: [0, 0, 0] }, 4, true],
    ['page 15 by static lock1 bit 7', { static: [0, 0x80], dynamic: [0, 0, 0] }, 15, true],
    ['page 16 not by static bits', { static: [0xff, 0xff], dynamic: [0, 0, 0] }, 16, false],
    ['pages 16–17 by dynamic bit 0', { static: [0, 0], dynamic: [0x01, 0, 0] }, 17, true],
    ['pages 38–39 by dynamic byte 1 bit 3', { static: [0, 0], dynamic: [0, 0x08, 0] }, 39, true],
  ] as const)('NTAG213 locks %s', (_case, locks, page, locked) => {
    expect(isPageLocked(NTAG_SPECS.NTAG213, locks as LockBytes, page)).toBe(locked);
  });

  test('NTAG215 dynamic bits cover 16 pages each', () => {
    const locks: LockBytes = { static: [0, 0], dynamic: [0x02, 0, 0] };
    expect(isPageLocked(NTAG_SPECS.NTAG215, locks, 31)).toBe(false);
    expect(isPageLocked(NTAG_SPECS.NTAG215, locks, 32)).toBe(true);
    expect(isPageLocked(NTAG_SPECS.NTAG215, locks, 47)).toBe(true);
    expect(isPageLocked(NTAG_SPECS.NTAG215, locks, 48)).toBe(false);
  });

  test.each(['NTAG213', 'NTAG215', 'NTAG216'] as const)('the read-only writes lock every %s user page', (type) => {
    const spec = NTAG_SPECS[type];
    const writes = readOnlyLockWrites(spec);
    const dyn = writes.find((w) => w.page === spec.dynamicLockPage)!.data;
    const locks: LockBytes = { static: [0xff, 0xff], dynamic: [dyn[0]!, dyn[1]!, dyn[2]!] };
    expect(lockState(spec, locks, Uint8Array.of(0xe1, 0x10, spec.ccSize, 0x0f))).toBe('read-only');
    expect(writes.map((w) => w.page).at(-1)).toBe(2);
  });

  test('reports a fresh tag unlocked and a write-protected CC as partially locked', () => {
    const spec = NTAG_SPECS.NTAG213;
    expect(lockState(spec, unlocked, capabilityContainer(spec))).toBe('unlocked');
    expect(lockState(spec, unlocked, Uint8Array.of(0xe1, 0x10, 0x12, 0x0f))).toBe('partially-locked');
  });
});
