// The subset of nfc-pcsc 0.8.1 (untyped, CommonJS) the NFC service uses.
declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  export type Card = { atr?: Buffer; standard?: string; type?: string; uid?: string };

  export class Reader extends EventEmitter {
    readonly name: string;
    autoProcessing: boolean;
    card: Card | null;
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    control(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
  }

  export class NFC extends EventEmitter {
    constructor(logger?: unknown);
    close(): void;
  }

  const nfcPcsc: { NFC: typeof NFC; Reader: typeof Reader };
  export default nfcPcsc;
}
