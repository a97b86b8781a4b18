import { connect, type Socket } from 'node:net';
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
} from '@sparkmotion/shared/ndef/ntag';

/** ATR of an ISO 14443-3 type A tag (NTAG) as PC/SC part 3 builds it; nfc-pcsc reads it as TAG_ISO_14443_3. */
export const NTAG_ATR = Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex');

const SW_OK = Buffer.from([0x90, 0x00]);
/** What an ACR122U answers when the tag NAKs (locked page, page out of range, pages 0–1). */
const SW_FAIL = Buffer.from([0x63, 0x00]);
const SW_NOT_SUPPORTED = Buffer.from([0x6a, 0x81]);

/**
 * An NTAG213/215/216's memory with the datasheet's write rules: pages 0–1 refuse writes, page 2 only takes
 * its lock bytes (ORed), the CC is ORed, locked pages and pages past the end refuse, the dynamic lock bytes are
 * ORed. The password and PACK pages read as zeros.
 */
export class NtagMemory {
  readonly spec: NtagSpec;
  readonly bytes: Uint8Array;

  constructor(type: NtagType, uid: Uint8Array, formatted = true) {
    this.spec = NTAG_SPECS[type];
    this.bytes = new Uint8Array(this.spec.pages * PAGE_SIZE);
    this.bytes.set(uidPages(uid), 0);
    if (formatted) {
      this.bytes.set(capabilityContainer(this.spec), CC_PAGE * PAGE_SIZE);
      // An empty NDEF TLV then a terminator: how NXP ships NTAGs.
      this.bytes.set([0x03, 0x00, 0xfe], FIRST_USER_PAGE * PAGE_SIZE);
    }
    // CFG0: MIRROR, RFUI, MIRROR_PAGE, AUTH0 = 0xFF (no password protection); CFG1: ACCESS
    this.bytes.set([0x04, 0x00, 0x00, 0xff], (this.spec.dynamicLockPage + 1) * PAGE_SIZE);
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

  page(page: number): Uint8Array {
    return this.bytes.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  }

  /** READ (0x30): 4 pages from `page`, rolling over to page 0 past the last page; null when out of range. */
  read(page: number): Uint8Array | null {
    if (page < 0 || page >= this.spec.pages) return null;
    const out = new Uint8Array(16);
    for (let i = 0; i < 4; i++) {
      const p = (page + i) % this.spec.pages;
      const secret = p >= this.spec.pages - 2; // PWD and PACK always read as zeros
      if (!secret) out.set(this.page(p), i * PAGE_SIZE);
    }
    return out;
  }

  /** WRITE (0xA2) of one page; false when the tag would NAK. */
  write(page: number, data: Uint8Array): boolean {
    if (data.length !== PAGE_SIZE || page < STATIC_LOCK_PAGE || page >= this.spec.pages) return false;
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

export type TagFaults = {
  /** Delay before each APDU answer, in ms (a real tag and reader take a few ms). */
  latencyMs?: number;
  /** Leave the field (close the socket) when the write after this many successful page writes arrives. */
  removeAfterWrites?: number;
  /** Answer the next `count` APDUs whose INS byte matches (`0xB0` read, `0xD6` write, `0x00` pass-through, `any`) with `sw`. */
  badStatus?: { ins: number | 'any'; sw: string; count: number };
};

export type TagStats = { apdus: number; writes: number; injectedDelayMs: number };

/**
 * A virtual NTAG behind an ACR122U, speaking vpcd's protocol: a TCP client of vpcd (2-byte big-endian
 * length, then the payload; 1-byte payloads are power/reset/ATR controls). Connected = in the field.
 */
export class VirtualTag {
  readonly memory: NtagMemory;
  faults: TagFaults = {};
  readonly stats: TagStats = { apdus: 0, writes: 0, injectedDelayMs: 0 };
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();

  constructor(memory: NtagMemory) {
    this.memory = memory;
  }

  get present(): boolean {
    return this.socket !== null;
  }

  /** Puts the tag on the reader listening at `port` (35963 = first vpcd reader, 35964 = second). */
  insert(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.socket) throw new Error('tag is already on a reader');
    this.stats.writes = 0;
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, noDelay: true }, () => {
        socket.off('error', reject);
        socket.on('error', () => this.dropSocket(socket));
        resolve();
      });
      socket.once('error', reject);
      socket.on('close', () => this.dropSocket(socket));
      socket.on('data', (chunk) => this.onData(socket, chunk));
      this.socket = socket;
    });
  }

  remove(): void {
    const socket = this.socket;
    if (!socket) return;
    this.dropSocket(socket);
    socket.destroy();
  }

  private dropSocket(socket: Socket): void {
    if (this.socket === socket) {
      this.socket = null;
      this.buffer = Buffer.alloc(0);
    }
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) break;
      const message = this.buffer.subarray(2, 2 + length);
      this.buffer = this.buffer.subarray(2 + length);
      // Answers go out in order, each after its own injected delay.
      this.queue = this.queue.then(() => this.handle(socket, Buffer.from(message)));
    }
  }

  private async handle(socket: Socket, message: Buffer): Promise<void> {
    if (socket !== this.socket) return;
    if (message.length === 1) {
      if (message[0] === 0x04) send(socket, NTAG_ATR);
      return; // power off / on / reset need no answer
    }
    this.stats.apdus++;
    const latency = this.faults.latencyMs ?? 0;
    if (latency > 0) {
      // Count the delay as actually slept (timers overshoot), so a benchmark never bills it to the software.
      const sleepStart = performance.now();
      await new Promise((r) => setTimeout(r, latency));
      this.stats.injectedDelayMs += performance.now() - sleepStart;
      if (socket !== this.socket) return;
    }
    const answer = this.respond(message);
    if (answer === 'leave') {
      this.remove();
      return;
    }
    send(socket, answer);
  }

  /** The answer to one APDU as the ACR122U + tag would give it ('leave': the tag leaves the field instead). */
  respond(apdu: Buffer): Buffer | 'leave' {
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
        const start = command[1] ?? 0;
        const end = command[2] ?? 0;
        if (end < start || end >= this.memory.spec.pages) return nak;
        const out = new Uint8Array((end - start + 1) * PAGE_SIZE);
        for (let p = start; p <= end; p++)
          out.set(this.memory.read(p)!.subarray(0, PAGE_SIZE), (p - start) * PAGE_SIZE);
        return ok(out);
      }
      case 0x3c:
        return ok(new Uint8Array(32)); // READ_SIG: an unprogrammed (all-zero) originality signature
      case 0x1b:
        return ok(new Uint8Array(2)); // PWD_AUTH: no password set (AUTH0 = FF), PACK 00 00
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

function send(socket: Socket, payload: Buffer): void {
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  socket.write(frame);
}

/** A random 7-byte NXP UID (manufacturer byte 0x04). */
export function randomUid(random: (n: number) => Uint8Array): Uint8Array {
  return Uint8Array.of(0x04, ...random(6));
}
