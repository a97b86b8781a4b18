/**
 * The benchmark's loop, run INSIDE the harness namespace (next to pcscd, the virtual tags and the real
 * NfcService) through the host's `run` method. One reader, one fresh tag per band (an NTAG213, or an
 * NTAG 424 DNA personalised with the organization's keys the host was given), like a desk. For 424s, a
 * phone's read of each band after it left the reader is returned too, for the cloud taps.
 */

import type { BandRegistration } from '../../desktop/src/main/nfc/band-registry.ts';
import type { NfcEvent } from '../../desktop/src/main/nfc/nfc-events.ts';
import { STATIONS } from '../../desktop/test/nfc/harness.ts';
import type { HostContext } from '../../desktop/test/nfc/host.ts';
import { phoneReadNtag424 } from '../../desktop/test/nfc/virtual-ntag424.ts';

export type LoopArgs = { bands: number; latencyMs: number; tag: 'NTAG213' | 'NTAG424'; eventId: string };
export type BandTiming = { ok: boolean; elapsedMs: number; tagIoMs: number; apdus: number };
export type LoopResult = {
  wallMs: number;
  cpuMs: number;
  bands: BandTiming[];
  /** NTAG424: each encoded band's registration and the URL a phone then read from it. */
  encoded: Array<{ registration: BandRegistration; url: string | null }>;
};

export default async function encodeLoop(ctx: HostContext, args: LoopArgs): Promise<LoopResult> {
  const stationId = STATIONS[0];
  ctx.service.setMode(stationId, { kind: 'ENCODE', eventId: args.eventId });
  const next = (predicate: (e: NfcEvent) => boolean) =>
    new Promise<NfcEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no NFC event within 10 s')), 10_000);
      const on = (e: NfcEvent) => {
        if (!predicate(e)) return;
        clearTimeout(timer);
        ctx.service.events.off('event', on);
        resolve(e);
      };
      ctx.service.events.on('event', on);
    });

  const bands: BandTiming[] = [];
  const encoded: LoopResult['encoded'] = [];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < args.bands; i++) {
    const tag = args.tag === 'NTAG424' ? ctx.createNtag424(`bench-${i}`) : ctx.createTag(`bench-${i}`, 'NTAG213');
    tag.faults = { latencyMs: args.latencyMs };
    // Tag I/O injected after the tap was detected (nfc-pcsc's own UID read comes before it).
    let atDetect = { delay: 0, apdus: 0 };
    const present = next((e) => e.type === 'card.present' && e.stationId === stationId).then(() => {
      atDetect = { delay: tag.stats.injectedDelayMs, apdus: tag.stats.apdus };
    });
    const outcome = next((e) => e.type === 'outcome' && e.stationId === stationId);
    await tag.insert(ctx.readerPort(0));
    await present;
    const event = await outcome;
    if (event.type !== 'outcome') throw new Error('unreachable');
    bands.push({
      ok: event.outcome.ok && 'kind' in event.outcome && event.outcome.kind === 'ENCODED',
      elapsedMs: event.elapsedMs,
      tagIoMs: tag.stats.injectedDelayMs - atDetect.delay,
      apdus: tag.stats.apdus - atDetect.apdus,
    });
    const removed = next((e) => e.type === 'card.removed' && e.stationId === stationId);
    tag.remove();
    await removed;
    if ('chip' in tag && event.outcome.ok && event.outcome.kind === 'ENCODED') {
      encoded.push({ registration: event.outcome.registration, url: phoneReadNtag424(tag.chip) });
    }
    ctx.tags.delete(`bench-${i}`);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, bands, encoded };
}
