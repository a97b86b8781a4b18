import { connect, type Socket } from 'node:net';

export type TagFaults = {
  /** Delay before each APDU answer, in ms (a real tag and reader take a few ms). */
  latencyMs?: number;
  /** Leave the field (close the socket) when the write after this many successful page writes arrives. */
  removeAfterWrites?: number;
  /** Leave the field when the APDU after this many APDUs (counted from insertion) arrives: a torn session. */
  removeAfterApdus?: number;
  /** Answer the next `count` APDUs whose INS byte matches (`0xB0` read, `0xD6` write, `0x00` pass-through, `any`) with `sw`. */
  badStatus?: { ins: number | 'any'; sw: string; count: number };
};

export type TagStats = { apdus: number; writes: number; injectedDelayMs: number };

/**
 * A card in a vpcd virtual reader: a TCP client of vpcd (2-byte big-endian length, then the payload;
 * 1-byte payloads are power/reset/ATR controls). Connected = in the field. Subclasses answer APDUs.
 */
export abstract class VpcdCard {
  faults: TagFaults = {};
  readonly stats: TagStats = { apdus: 0, writes: 0, injectedDelayMs: 0 };
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();
  private apdusSinceInsert = 0;

  private readonly atr: Buffer;

  constructor(atr: Buffer) {
    this.atr = atr;
  }

  /** The answer to one APDU ('leave': the card leaves the field instead). */
  abstract respond(apdu: Buffer): Buffer | 'leave';

  /** A new field: whatever session the card had ends. */
  protected abstract powerOn(): void;

  get present(): boolean {
    return this.socket !== null;
  }

  /** Puts the card on the reader listening at `port` (35963 = first vpcd reader, 35964 = second). */
  insert(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.socket) throw new Error('tag is already on a reader');
    this.stats.writes = 0;
    this.apdusSinceInsert = 0;
    this.powerOn();
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
    // Out of the field the card loses power: its session (authentication) ends.
    this.powerOn();
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
      if (message[0] === 0x04) send(socket, this.atr);
      else if (message[0] === 0x01 || message[0] === 0x02) this.powerOn();
      return; // power off / on / reset need no answer
    }
    this.stats.apdus++;
    const tornAt = this.faults.removeAfterApdus;
    if (tornAt !== undefined && this.apdusSinceInsert++ >= tornAt) {
      this.faults.removeAfterApdus = undefined;
      this.remove();
      return;
    }
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
}

function send(socket: Socket, payload: Buffer): void {
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  socket.write(frame);
}
