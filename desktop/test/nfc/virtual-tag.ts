import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { AUTH0_DISABLED, configPagesOf, decodeNtagConfig, type NtagConfig } from '@sparkmotion/shared/ntag/config';
import {
  CC_PAGE,
  capabilityContainer,
  FIRST_USER_PAGE,
  isPageLocked,
  type LockBytes,
  NTAG_SPECS,
  type NtagSpec,
  type NtagType,
  PAGE_SIZE,
  STATIC_LOCK_PAGE,
  uidPages,
  versionBytes,
} from '@sparkmotion/shared/ntag/memory-layout';
import { applyMirror } from '@sparkmotion/shared/ntag/mirror';
import { VpcdCard } from './vpcd-card.ts';

export type { TagFaults, TagStats } from './vpcd-card.ts';

/** ATR of an ISO 14443-3 type A tag (NTAG) as PC/SC part 3 builds it; nfc-pcsc reads it as TAG_ISO_14443_3. */
export const NTAG_ATR = Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex');

const SW_OK = Buffer.from([0x90, 0x00]);
/** What an ACR122U answers when the tag NAKs (locked page, page out of range, pages 0–1). */
const SW_FAIL = Buffer.from([0x63, 0x00]);
const SW_NOT_SUPPORTED = Buffer.from([0x6a, 0x81]);

/**
 * An NTAG213/215/216's memory with the datasheet's rules (NTAG213_215_216 rev 3.2):
 * - writes: pages 0–1 refuse, page 2 only takes its lock bytes (ORed), the CC and the dynamic lock bytes
 *   are ORed, locked pages and pages past the end refuse; from AUTH0 on only after PWD_AUTH; CFG0/CFG1
 *   refuse once CFGLCK is set;
 * - reads: PWD and PACK read as zeros; with PROT = 1 pages from AUTH0 on need PWD_AUTH; the ASCII
 *   mirror (§8.7) replaces the placeholder bytes as they are sent; the 24-bit NFC counter (§8.6) moves
 *   on the first READ/FAST_READ after power-on when NFC_CNT_EN is set (READ_CNT reads it);
 * - PWD_AUTH answers PACK on the right password and NAKs otherwise; AUTHLIM failures in a row disable
 *   the password for good. Power-on (`powerOn`) forgets the authentication.
 */
export class NtagMemory {
  readonly spec: NtagSpec;
  readonly bytes: Uint8Array;
  /** The 24-bit NFC counter. */
  counter = 0;
  /** Session state, reset at power-on. */
  private counted = false;
  private authenticated = false;
  private failedAuths = 0;

  constructor(type: NtagType, uid: Uint8Array, formatted = true) {
    this.spec = NTAG_SPECS[type];
    this.bytes = new Uint8Array(this.spec.pages * PAGE_SIZE);
    this.bytes.set(uidPages(uid), 0);
    if (formatted) {
      this.bytes.set(capabilityContainer(this.spec), CC_PAGE * PAGE_SIZE);
      // An empty NDEF TLV then a terminator: how NXP ships NTAGs.
      this.bytes.set([0x03, 0x00, 0xfe], FIRST_USER_PAGE * PAGE_SIZE);
    }
    const pages = configPagesOf(type);
    // Factory configuration: CFG0 04 00 00 FF (no mirror, no password), CFG1 00, PWD FF FF FF FF, PACK 00 00.
    this.bytes.set([0x04, 0x00, 0x00, AUTH0_DISABLED], pages.cfg0 * PAGE_SIZE);
    this.bytes.set([0xff, 0xff, 0xff, 0xff], pages.pwd * PAGE_SIZE);
  }

  get uid(): Uint8Array {
    return Uint8Array.of(...this.bytes.subarray(0, 3), ...this.bytes.subarray(4, 8));
  }

  get locks(): LockBytes {
    const d = this.spec.dynamicLockPage * PAGE_SIZE;
    return {
      static: [this.bytes[10]!, this.bytes[11]!],
      dynamic: [this.bytes[d]!, this.bytes[d + 1]!, this.bytes[d + 2]!],
    };
  }

  get config(): NtagConfig {
    const pages = configPagesOf(this.spec.type);
    return decodeNtagConfig(this.page(pages.cfg0), this.page(pages.cfg1));
  }

  /** The tag entered the field: a new session (not authenticated, counter not yet moved). */
  powerOn(): void {
    this.counted = false;
    this.authenticated = false;
  }

  page(page: number): Uint8Array {
    return this.bytes.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  }

  private guarded(page: number, config: NtagConfig): boolean {
    return !this.authenticated && page >= config.auth0;
  }

  /** What a reader gets for pages `start..end` (inclusive, no rollover); null when the tag would NAK. */
  private shown(start: number, end: number, rollover: boolean): Uint8Array | null {
    if (start < 0 || start >= this.spec.pages) return null;
    const config = this.config;
    const pageList = Array.from({ length: end - start + 1 }, (_, i) =>
      rollover ? (start + i) % this.spec.pages : start + i,
    );
    if (config.readProtected && pageList.some((p) => this.guarded(p, config))) return null;
    if (config.nfcCounter && !this.counted && this.counter < 0xffffff) this.counter++;
    this.counted = true;
    const user = this.bytes.subarray(FIRST_USER_PAGE * PAGE_SIZE, (this.spec.lastUserPage + 1) * PAGE_SIZE);
    const mirrored = applyMirror(this.spec.type, user, config, this.uid, this.counter);
    const out = new Uint8Array(pageList.length * PAGE_SIZE);
    pageList.forEach((p, i) => {
      if (p >= this.spec.pages - 2) return; // PWD and PACK always read as zeros
      const inUser = p >= FIRST_USER_PAGE && p <= this.spec.lastUserPage;
      const from = inUser ? mirrored.subarray((p - FIRST_USER_PAGE) * PAGE_SIZE) : this.bytes.subarray(p * PAGE_SIZE);
      out.set(from.subarray(0, PAGE_SIZE), i * PAGE_SIZE);
    });
    return out;
  }

  /** READ (0x30): 4 pages from `page`, rolling over to page 0 past the last page; null when the tag NAKs. */
  read(page: number): Uint8Array | null {
    return this.shown(page, page + 3, true);
  }

  /** FAST_READ (0x3A): pages `start..end` inclusive; null past the end or when the tag NAKs. */
  fastRead(start: number, end: number): Uint8Array | null {
    if (end < start || end >= this.spec.pages) return null;
    return this.shown(start, end, false);
  }

  /** READ_CNT (0x39, address 02): the NFC counter, LSB first; null (NAK) when protected by NFC_CNT_PWD_PROT. */
  readCounter(): Uint8Array | null {
    const config = this.config;
    if (config.nfcCounterPasswordProtected && !this.authenticated) return null;
    return Uint8Array.of(this.counter & 0xff, (this.counter >> 8) & 0xff, this.counter >> 16);
  }

  /** PWD_AUTH (0x1B): PACK on the right password, null (NAK) otherwise. */
  pwdAuth(pwd: Uint8Array): Uint8Array | null {
    const pages = configPagesOf(this.spec.type);
    const limit = this.config.authLimit;
    if (limit > 0 && this.failedAuths >= limit) return null;
    const stored = this.bytes.subarray(pages.pwd * PAGE_SIZE, pages.pwd * PAGE_SIZE + 4);
    if (pwd.length !== 4 || !stored.every((b, i) => b === pwd[i])) {
      this.failedAuths++;
      this.authenticated = false;
      return null;
    }
    this.failedAuths = 0;
    this.authenticated = true;
    return this.bytes.slice(pages.pack * PAGE_SIZE, pages.pack * PAGE_SIZE + 2);
  }

  /** WRITE (0xA2) of one page; false when the tag would NAK. */
  write(page: number, data: Uint8Array): boolean {
    if (data.length !== PAGE_SIZE || page < STATIC_LOCK_PAGE || page >= this.spec.pages) return false;
    const config = this.config;
    if (this.guarded(page, config)) return false;
    const pages = configPagesOf(this.spec.type);
    if (config.configLocked && (page === pages.cfg0 || page === pages.cfg1)) return false;
    const at = page * PAGE_SIZE;
    if (page === STATIC_LOCK_PAGE) {
      this.bytes[at + 2]! |= data[2]!;
      this.bytes[at + 3]! |= data[3]!;
      return true;
    }
    if (page === CC_PAGE || page === this.spec.dynamicLockPage) {
      if (isPageLocked(this.spec, this.locks, page)) return false;
      for (let i = 0; i < PAGE_SIZE; i++) this.bytes[at + i]! |= data[i]!;
      return true;
    }
    if (isPageLocked(this.spec, this.locks, page)) return false;
    this.bytes.set(data, at);
    return true;
  }
}

/**
 * A virtual NTAG behind an ACR122U (the vpcd transport is `VpcdCard`'s): pseudo-APDUs and the PN532
 * pass-through answered from `NtagMemory`.
 */
export class VirtualTag extends VpcdCard {
  readonly memory: NtagMemory;

  constructor(memory: NtagMemory) {
    super(NTAG_ATR);
    this.memory = memory;
  }

  protected override powerOn(): void {
    this.memory.powerOn();
  }

  /** The answer to one APDU as the ACR122U + tag would give it ('leave': the tag leaves the field instead). */
  override respond(apdu: Buffer): Buffer | 'leave' {
    const [cla, ins, , p2 = 0, lc = 0] = apdu;
    const bad = this.faults.badStatus;
    if (bad && bad.count > 0 && (bad.ins === 'any' || bad.ins === ins)) {
      bad.count--;
      return Buffer.from(bad.sw, 'hex');
    }
    if (cla !== 0xff) return Buffer.from([0x6e, 0x00]);
    if (ins === 0xca) return Buffer.concat([Buffer.from(this.memory.uid), SW_OK]);
    if (ins === 0xb0) {
      const data = this.memory.read(p2);
      if (!data || lc > 16) return SW_FAIL;
      return Buffer.concat([Buffer.from(data.subarray(0, lc === 0 ? 16 : lc)), SW_OK]);
    }
    if (ins === 0xd6) return this.writePage(p2, apdu.subarray(5, 5 + lc));
    if (ins === 0x00 && apdu[2] === 0x00 && apdu[5] === 0xd4 && apdu[6] === 0x42) {
      return this.passThrough(apdu.subarray(7, 5 + lc));
    }
    return SW_NOT_SUPPORTED;
  }

  private writePage(page: number, data: Uint8Array): Buffer | 'leave' {
    if (this.faults.removeAfterWrites !== undefined && this.stats.writes >= this.faults.removeAfterWrites) {
      this.faults.removeAfterWrites = undefined;
      return 'leave';
    }
    if (data.length !== PAGE_SIZE || !this.memory.write(page, data)) return SW_FAIL;
    this.stats.writes++;
    return SW_OK;
  }

  /** The PN532 InCommunicateThru answer: D5 43 <status> <tag answer> 90 00. */
  private passThrough(command: Uint8Array): Buffer | 'leave' {
    const ok = (data: Uint8Array) => Buffer.concat([Buffer.from([0xd5, 0x43, 0x00]), Buffer.from(data), SW_OK]);
    const nak = Buffer.concat([Buffer.from([0xd5, 0x43, 0x01]), SW_OK]); // status 01: timeout / NAK
    switch (command[0]) {
      case 0x60:
        return ok(versionBytes(this.memory.spec));
      case 0x30: {
        const data = this.memory.read(command[1] ?? 0);
        return data ? ok(data) : nak;
      }
      case 0x3a: {
        // FAST_READ start..end (inclusive), no rollover: NAK past the end.
        const data = this.memory.fastRead(command[1] ?? 0, command[2] ?? 0);
        return data ? ok(data) : nak;
      }
      case 0x39: {
        const data = command[1] === 0x02 ? this.memory.readCounter() : null;
        return data ? ok(data) : nak;
      }
      case 0x3c:
        return ok(new Uint8Array(32)); // READ_SIG: an unprogrammed (all-zero) originality signature
      case 0x1b: {
        const pack = this.memory.pwdAuth(command.subarray(1, 5));
        return pack ? ok(pack) : nak;
      }
      case 0xa2: {
        const result = this.writePage(command[1] ?? 0, command.subarray(2, 6));
        if (result === 'leave') return result;
        return result === SW_OK ? ok(new Uint8Array()) : nak;
      }
      default:
        return nak;
    }
  }
}

/** A random 7-byte NXP UID (manufacturer byte 0x04). */
export function randomUid(random: (n: number) => Uint8Array): Uint8Array {
  return Uint8Array.of(0x04, ...random(6));
}

/**
 * What a phone gets when it taps the tag: a new field (power-on), then a FAST_READ of user memory, the
 * mirror and the NFC counter doing what the tag does; the NDEF URI, or null when there is none.
 */
export function phoneRead(memory: NtagMemory): string | null {
  memory.powerOn();
  const data = memory.fastRead(FIRST_USER_PAGE, memory.spec.lastUserPage);
  if (!data) return null;
  const scan = scanTlvs(data);
  if (scan.kind !== 'ndef') return null;
  return findUri(parseNdefMessage(data.subarray(scan.valueOffset, scan.valueOffset + scan.length)));
}
