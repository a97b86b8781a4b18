import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { PlainError } from '@sparkmotion/shared/errors';
import type { NFC, Reader } from 'nfc-pcsc';
import type { BandRegistry } from './band-registry.ts';
import type { TagLink } from './encode-session.ts';
import type { NfcEvent, ServiceStatus, StationMode, StationSnapshot } from './nfc-events.ts';
import { Station, type StationSettings } from './station.ts';
import { errorText } from './station-failure.ts';
import { type SdmKeySource, secretForTap, type TagSecretSource } from './tag-secrets.ts';

export type NfcServiceOptions = {
  registry: BandRegistry;
  settings: () => StationSettings;
  /** The organization's NTAG secret for an event's bands when settings carry none (tap trust). */
  tagSecret?: TagSecretSource;
  /** The organization's NTAG 424 DNA master keys for an event's bands (asked when a station starts encoding or replacing). */
  sdmKeys?: SdmKeySource;
  /** A fresh band id for the organization that holds the event (docs/adr/0007-band-ids-bound-to-their-organization.md). */
  mintBandId: (eventId: string) => Promise<string>;
  now: () => Date;
  /**
   * Loads PC/SC support once, resolving to what creates a PC/SC watcher (`loadNfcPcsc` in the product). A
   * PlainError means there is none on this machine: the status says so and how to enable it.
   */
  loadNfc: () => Promise<() => NFC>;
  /**
   * Linux: pcscd's socket, probed before PC/SC is touched, because nfc-pcsc's native constructor spins
   * forever (blocking the process) while pcscd is absent. null skips the probe (macOS, Windows).
   */
  pcscdSocket: string | null;
  /** How often to look for pcscd again while it is down. */
  retryMs?: number;
};

export const PCSCD_HOW_TO =
  'Start the PC/SC daemon: `sudo systemctl enable --now pcscd.socket` (install it first on Debian/Ubuntu with ' +
  '`sudo apt-get install pcscd`), then reconnect the reader. The console keeps looking for it.';

/**
 * Watches every PC/SC reader (one station per reader), runs each tap through its station and reports
 * everything as `NfcEvent`s on `events` ('event'). Survives pcscd going away and coming back.
 */
export class NfcService {
  readonly events = new EventEmitter<{ event: [NfcEvent] }>();
  private readonly options: NfcServiceOptions;
  private readonly stations = new Map<string, Station>();
  /** Modes outlive a reader being unplugged: plugging it back resumes where the desk was. */
  private readonly modes = new Map<string, StationMode>();
  private nfc: NFC | null = null;
  private createNfc: (() => NFC) | null = null;
  private statusValue: ServiceStatus = { state: 'stopped' };
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: NfcServiceOptions) {
    this.options = options;
    this.events.setMaxListeners(0);
  }

  get status(): ServiceStatus {
    return this.statusValue;
  }

  async start(): Promise<void> {
    this.closed = false;
    this.setStatus({ state: 'starting' });
    await this.connect();
  }

  listStations(): StationSnapshot[] {
    return [...this.stations.values()].map((s) => s.snapshot());
  }

  station(stationId: string): StationSnapshot {
    return this.get(stationId).snapshot();
  }

  setMode(stationId: string, mode: StationMode): StationSnapshot {
    const station = this.get(stationId);
    station.setMode(mode);
    this.modes.set(stationId, mode);
    void this.prefetchSecrets(mode);
    return this.emitStation(station);
  }

  /**
   * The organization's secrets for the bands a mode writes (REPLACE: in the lost band's event), fetched now
   * while the desk is online, so bands can still be protected and 424 bands personalised if the network drops.
   */
  private async prefetchSecrets(mode: StationMode): Promise<void> {
    try {
      const eventId =
        mode.kind === 'ENCODE' || mode.kind === 'BULK'
          ? mode.eventId
          : mode.kind === 'REPLACE'
            ? (await this.options.registry.findByBandId(mode.lostBandId))?.eventId
            : undefined;
      if (!eventId) return;
      await Promise.all([
        this.options.sdmKeys?.(eventId),
        secretForTap(this.options.settings(), this.options.tagSecret, eventId)(),
      ]);
    } catch {
      // Nothing fetched ahead: the first tap asks again, and says so if it still cannot have them.
    }
  }

  /** Staff confirmed: the next tap of `uid` on this station overwrites what the tag holds. */
  confirmOverwrite(stationId: string, uid: string): StationSnapshot {
    const station = this.get(stationId);
    station.overwriteConfirmedUid = uid;
    return this.emitStation(station);
  }

  /** Gives up on a half-written tag (staff will discard it); the station takes other tags again. */
  cancelPending(stationId: string): StationSnapshot {
    const station = this.get(stationId);
    station.pending = null;
    return this.emitStation(station);
  }

  /** Resolves when every tap in progress has its outcome (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.idle();
    this.dropNfc();
    this.setStatus({ state: 'stopped' });
  }

  private get(stationId: string): Station {
    const station = this.stations.get(stationId);
    if (!station) throw new Error(`no station ${stationId}`);
    return station;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    if (!this.createNfc) {
      try {
        this.createNfc = await this.options.loadNfc();
      } catch (error) {
        if (!(error instanceof PlainError)) throw error;
        this.setStatus({ state: 'nfc-unavailable', message: error.message, howTo: error.hint });
        return;
      }
    }
    const socket = this.options.pcscdSocket;
    if (socket && !(await socketAccepts(socket))) {
      this.setStatus({
        state: 'pcscd-unavailable',
        message: `pcscd is not running (no ${socket}).`,
        howTo: PCSCD_HOW_TO,
      });
      this.scheduleRetry();
      return;
    }
    const nfc = this.createNfc();
    this.nfc = nfc;
    nfc.on('reader', (reader: Reader) => this.attach(nfc, reader));
    nfc.on('error', (error: unknown) => {
      if (nfc !== this.nfc) return;
      // The context is lost (pcscd stopped or restarted): start over once it answers again.
      this.dropNfc();
      this.setStatus({ state: 'pcscd-unavailable', message: `PC/SC failed: ${errorText(error)}`, howTo: PCSCD_HOW_TO });
      this.scheduleRetry();
    });
    this.setStatus({ state: 'running' });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.options.retryMs ?? 2000);
  }

  private dropNfc(): void {
    const nfc = this.nfc;
    this.nfc = null;
    for (const station of this.stations.values()) this.detach(station.stationId);
    if (nfc) {
      try {
        nfc.close();
      } catch {
        // already closed by pcsclite after a transport error
      }
    }
  }

  private attach(nfc: NFC, reader: Reader): void {
    const station = new Station(
      { name: reader.name, transmit: (a, n) => reader.transmit(a, n), control: (d, n) => reader.control(d, n) },
      this.options,
    );
    const mode = this.modes.get(station.stationId);
    if (mode) station.setMode(mode);
    this.stations.set(station.stationId, station);
    const current = () => this.nfc === nfc && this.stations.get(station.stationId) === station;
    reader.on('error', () => {
      // nfc-pcsc reports a closing reader and lost cards as errors; their consequences arrive as events.
    });
    reader.on('end', () => {
      station.detached = true;
      if (current()) this.detach(station.stationId);
    });
    // The UID is read here for every card (nfc-pcsc's own processing reads it only from ISO 14443-3 tags and
    // wants an AID for ISO 14443-4 cards such as the NTAG 424 DNA).
    reader.autoProcessing = false;
    reader.on('card', async (card: { standard?: string }) => {
      if (!current()) return;
      const uid = await cardUid(reader);
      if (!uid || !current()) return;
      const standard: TagLink['standard'] =
        card.standard === 'TAG_ISO_14443_4' || card.standard === 'TAG_ISO_14443_3' ? card.standard : undefined;
      station.cardUid = uid;
      this.emit({ type: 'card.present', stationId: station.stationId, uid });
      const started = performance.now();
      const run = station.handleTap(uid, standard).then((outcome) => {
        // A replacement ends its REPLACE pick (the station went IDLE): a replugged reader resumes that.
        this.modes.set(station.stationId, station.mode);
        this.emit({
          type: 'outcome',
          stationId: station.stationId,
          outcome,
          elapsedMs: performance.now() - started,
          counters: { ...station.counters },
        });
        this.emitStation(station);
        return station.signal(outcome.ok);
      });
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    });
    reader.on('card.off', () => {
      if (!current()) return;
      const uid = station.cardUid;
      station.cardUid = null;
      this.emit({ type: 'card.removed', stationId: station.stationId, uid });
    });
    this.emit({ type: 'reader.attached', station: station.snapshot() });
  }

  private detach(stationId: string): void {
    const station = this.stations.get(stationId);
    if (!station) return;
    station.detached = true;
    this.stations.delete(stationId);
    this.emit({ type: 'reader.detached', stationId });
  }

  private emitStation(station: Station): StationSnapshot {
    const snapshot = station.snapshot();
    this.emit({ type: 'station', station: snapshot });
    return snapshot;
  }

  private setStatus(status: ServiceStatus): void {
    this.statusValue = status;
    this.emit({ type: 'status', status });
  }

  private emit(event: NfcEvent): void {
    this.events.emit('event', event);
  }
}

/** The card's UID as the reader reports it (PC/SC part 3 GET DATA, `FF CA 00 00 00`); null when it cannot. */
async function cardUid(reader: Reader): Promise<string | null> {
  try {
    const answer = await reader.transmit(Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]), 12);
    if (answer.length < 3 || answer.readUInt16BE(answer.length - 2) !== 0x9000) return null;
    return answer.subarray(0, -2).toString('hex');
  } catch {
    return null; // the card left at once
  }
}

function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
