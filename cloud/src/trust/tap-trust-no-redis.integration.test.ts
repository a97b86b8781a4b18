import { randomUUID } from 'node:crypto';
import { findUri, parseNdefMessage, scanTlvs } from '@sparkmotion/shared/ndef/ndef';
import { applyMirror, planMirror, withMirrorPlaceholder } from '@sparkmotion/shared/ntag/mirror';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { beforeAll, expect, test } from 'vitest';
import { useTestCloud } from '../../test/support/index.ts';
import type { Tap } from '../taps/tap.ts';
import { TapFlusher } from '../taps/tap-flusher.ts';
import { memoryCounterGate } from './counter-gate.ts';
import { createTapClassifier } from './tap-classifier.ts';

/** A single cloud without Redis classifies with the in-process counter gate and PostgreSQL's record. */
const UID = '04A1B2C3D4E5F6';

const tc = useTestCloud({ env: { REDIS_URL: '' } });

beforeAll(async () => {
  await tc.db.query(`update bands set uid = $2, trust = 'NTAG21X_MIRROR' where band_id = $1`, [
    tc.demo.bandIds[0],
    UID.toLowerCase(),
  ]);
});

function phoneUrl(counter: number): string {
  const plan = planMirror('NTAG213', withMirrorPlaceholder(`${tc.url}/e?bandId=${tc.demo.bandIds[0]}`));
  const config = { mirrorConf: 'UID_AND_COUNTER', mirrorPage: plan.mirrorPage, mirrorByte: plan.mirrorByte } as const;
  const shown = applyMirror('NTAG213', plan.data, config, Buffer.from(UID, 'hex'), counter);
  const scan = scanTlvs(shown);
  if (scan.kind !== 'ndef') throw new Error('no NDEF');
  return findUri(parseNdefMessage(shown.subarray(scan.valueOffset, scan.valueOffset + scan.length)))!;
}

function tapOf(id: string, counter: number | null): Tap {
  return {
    id,
    at: Date.now(),
    bandId: tc.demo.bandIds[0]!,
    outcome: 'SERVED',
    eventId: tc.demo.eventId,
    orgId: tc.demo.orgId,
    mode: 'LIVE',
    windowId: null,
    url: null,
    ip: '127.0.0.1',
    ua: '',
    limited: false,
    evidence: counter === null ? undefined : `m=${UID}x${counter.toString(16).padStart(6, '0')}`,
  };
}

test('genuine, replayed and concurrent taps are told apart without Redis', async () => {
  const tap = async (url: string) =>
    (await fetch(url, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } })).headers.get(
      'x-tap-id',
    )!;
  const ids = [await tap(phoneUrl(1)), await tap(phoneUrl(2)), await tap(phoneUrl(1))];
  ids.push(...(await Promise.all(Array.from({ length: 8 }, () => tap(phoneUrl(3))))));
  await tc.cloud.taps.drain();
  const { rows } = await tc.db.query<{ id: string; trust_verdict: string }>(
    'select id, trust_verdict from tap_log where id = any($1::uuid[])',
    [ids],
  );
  const verdict = new Map(rows.map((row) => [row.id, row.trust_verdict]));
  expect(ids.slice(0, 3).map((id) => verdict.get(id))).toEqual(['GENUINE', 'GENUINE', 'REPLAYED']);
  expect(ids.slice(3).filter((id) => verdict.get(id) === 'GENUINE')).toHaveLength(1);
  const state = await tc.db.query('select last_counter from band_trust_state where band_id = $1', [tc.demo.bandIds[0]]);
  expect(state.rows[0]).toEqual({ last_counter: 3 });
});

test('with the counter gate failing, the counter on record decides and a batch still never passes one counter twice', async () => {
  const pool = new pg.Pool({ connectionString: tc.databaseUrl, max: 1 });
  try {
    const { classify } = createTapClassifier({
      pool,
      gate: {
        advance: async () => {
          throw new Error('Redis is down');
        },
      },
      secretBox: tc.cloud.contextDeps.secretBox,
      log: pino({ level: 'silent' }),
    });
    // The record says 3 (previous test): 3 again is a replay, 10 passes once, 11 after it passes.
    const result = await classify([tapOf('a', 3), tapOf('b', 10), tapOf('c', 10), tapOf('d', 11)]);
    expect(['a', 'b', 'c', 'd'].map((id) => result.get(id)?.verdict)).toEqual([
      'REPLAYED',
      'GENUINE',
      'REPLAYED',
      'GENUINE',
    ]);
    // A re-sent batch gets the same verdicts, not replays of its own counters.
    expect((await classify([tapOf('b', 10)])).get('b')?.verdict).toBe('GENUINE');
    const state = await tc.db.query('select last_counter from band_trust_state where band_id = $1', [
      tc.demo.bandIds[0],
    ]);
    expect(state.rows[0]).toEqual({ last_counter: 11 });
  } finally {
    await pool.end();
  }
});

test('the verdict metrics count each tap that landed once, however often its batch was sent', async () => {
  const pool = new pg.Pool({ connectionString: tc.databaseUrl, max: 2 });
  try {
    const registry = new Registry();
    const classifier = createTapClassifier({
      pool,
      gate: memoryCounterGate(),
      registry,
      secretBox: tc.cloud.contextDeps.secretBox,
      log: pino({ level: 'silent' }),
    });
    const flusher = new TapFlusher(pool, undefined, pino({ level: 'silent' }), classifier);
    const genuine = tapOf(randomUUID(), 20);
    await flusher.write([genuine]);
    // Re-sent with more: the genuine tap is in TapLog already.
    await flusher.write([genuine, tapOf(randomUUID(), null)]);
    await flusher.write([genuine]);
    const counted = await registry.getSingleMetric('sparkmotion_tap_trust_verdicts_total')!.get();
    expect(Object.fromEntries(counted.values.map((v) => [v.labels.verdict, v.value]))).toEqual({
      GENUINE: 1,
      COPIED: 1,
    });
  } finally {
    await pool.end();
  }
});
