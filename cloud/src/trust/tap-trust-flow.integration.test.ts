import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { encodeNtagConfig } from '@sparkmotion/shared/ntag/config';
import { applyMirror, bandTagConfig, planMirror, withMirrorPlaceholder } from '@sparkmotion/shared/ntag/mirror';
import { describe, expect, test } from 'vitest';
import { testRedis } from '../../../test/databases.ts';
import { redisCounterGate } from './counter-gate.ts';
import { checkTap, counterVerdict, type TapVerdict, type TrustBand } from './tap-trust.ts';

/**
 * The NTAG21x story end to end on the pure pieces and a real Redis: encode a band with the mirror,
 * let a "phone" read it as the tag presents it (UID + counter filled in), and send each URL through
 * the verdict, with the counter gate deciding genuine vs replayed.
 */
const { redis } = testRedis();

const gate = redisCounterGate(redis);
const BAND_ID = 'AbCdEfGhIjKlMnOp';
const UID = Uint8Array.of(0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66);
const OTHER_UID = Uint8Array.of(0x04, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44);

/** A tag as the encoder leaves it: stored bytes from page 4 plus its configuration. */
const plan = planMirror('NTAG213', withMirrorPlaceholder(`https://hub.example/e?bandId=${BAND_ID}`));
const config = bandTagConfig(plan, { protect: true });
const band: TrustBand = { trust: 'NTAG21X_MIRROR', uid: Buffer.from(UID).toString('hex') };

/** What a phone reads from a tag with this memory, UID and counter. */
function phoneRead(data: Uint8Array, uid: Uint8Array, counter: number): string {
  const shown = applyMirror('NTAG213', data, config, uid, counter);
  const scan = scanTlvs(shown);
  if (scan.kind !== 'ndef') throw new Error('no NDEF');
  return findUri(parseNdefMessage(shown.subarray(scan.valueOffset, scan.valueOffset + scan.length)))!;
}

async function tap(url: string): Promise<TapVerdict> {
  const check = checkTap(band, new URL(url).searchParams);
  if (check.final) return check.verdict;
  return counterVerdict(await gate.advance(BAND_ID, check.counter)).verdict;
}

describe('an NTAG213 band with the UID + counter mirror', () => {
  test('is configured as the datasheet wants: mirror at the placeholder, counter on, writes guarded from page 4', () => {
    const { cfg0, cfg1 } = encodeNtagConfig(config);
    expect(Buffer.from(cfg0).toString('hex')).toBe(`f400${plan.mirrorPage.toString(16).padStart(2, '0')}04`);
    expect(Buffer.from(cfg1).toString('hex')).toBe('10000000');
  });

  test('tapped repeatedly is genuine each time; an opened-again URL is replayed; a copy on another tag is copied', async () => {
    const first = phoneRead(plan.data, UID, 1);
    expect(await tap(first)).toBe('GENUINE');
    expect(await tap(phoneRead(plan.data, UID, 2))).toBe('GENUINE');
    expect(await tap(phoneRead(plan.data, UID, 3))).toBe('GENUINE');
    // The first URL again, from the phone's history or shared in a chat.
    expect(await tap(first)).toBe('REPLAYED');
    // The NDEF bytes copied onto another tag that mirrors its own UID.
    expect(await tap(phoneRead(plan.data, OTHER_UID, 50))).toBe('COPIED');
    // Copied onto a tag that does not mirror: the placeholder shows.
    const noMirror = applyMirror('NTAG213', plan.data, { ...config, mirrorConf: 'NONE' }, UID, 4);
    const scan = scanTlvs(noMirror);
    if (scan.kind !== 'ndef') throw new Error('no NDEF');
    const staticUrl = findUri(parseNdefMessage(noMirror.subarray(scan.valueOffset, scan.valueOffset + scan.length)))!;
    expect(await tap(staticUrl)).toBe('COPIED');
    // The plain band URL typed by hand.
    expect(await tap(`https://hub.example/e?bandId=${BAND_ID}`)).toBe('COPIED');
    // The real band still reads genuine afterwards.
    expect(await tap(phoneRead(plan.data, UID, 4))).toBe('GENUINE');
  });

  test('two phones racing with the same read: exactly one genuine', async () => {
    const url = phoneRead(plan.data, UID, 100);
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => tap(url)));
    expect(verdicts.filter((v) => v === 'GENUINE')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'REPLAYED')).toHaveLength(19);
  });
});
