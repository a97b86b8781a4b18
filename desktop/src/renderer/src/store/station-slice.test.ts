import { describe, expect, test } from 'vitest';
import type { Outcome, StationSnapshot, TagSummary } from '../../../main/nfc/nfc-events.ts';
import { createConsoleStore } from './index.ts';
import { RECENT_BANDS, type StationReport } from './station-slice.ts';

const snapshot: StationSnapshot = {
  stationId: 'reader-1',
  readerName: 'ACS ACR122U PICC Interface 00 00',
  mode: { kind: 'ENCODE', eventId: 'event-1' },
  counters: { taps: 0, encoded: 0, verified: 0, reassigned: 0, failures: 0 },
  led: 'unknown',
  cardUid: null,
  pending: null,
  overwriteConfirmedUid: null,
  bulk: null,
};
const tag = {
  uid: '04a1b2c3d4e5f6',
  type: null,
  lockState: 'UNLOCKED',
  uri: null,
  bandId: null,
} as unknown as TagSummary;
const encoded = (n: number) => ({
  type: 'outcome' as const,
  stationId: 'reader-1',
  elapsedMs: 80,
  counters: { ...snapshot.counters, taps: n, encoded: n },
  outcome: {
    ok: true as const,
    kind: 'ENCODED' as const,
    tag,
    locked: false,
    retried: false,
    registration: {
      bandId: `band-${n}`,
      uid: tag.uid,
      eventId: 'event-1',
      stationId: 'reader-1',
      registeredAt: new Date(),
    },
  },
});

describe('the station slice', () => {
  test('goes waiting → writing → done and counts the band', () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    expect(store.getState().stations['reader-1']?.phase).toBe('waiting');
    expect(store.getState().selectedStation).toBe('reader-1');
    store.getState().applyNfcEvent({ type: 'card.present', stationId: 'reader-1', uid: tag.uid });
    expect(store.getState().stations['reader-1']?.phase).toBe('writing');
    store.getState().applyNfcEvent(encoded(1));
    const view = store.getState().stations['reader-1'];
    expect(view?.phase).toBe('done');
    expect(view?.snapshot.counters.encoded).toBe(1);
    expect(view?.recent.map((b) => b.bandId)).toEqual(['band-1']);
  });

  test("keeps a replacement's receipt, with the new band among the recent ones, until the next outcome", () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    const replaced = encoded(1);
    store.getState().applyNfcEvent({
      ...replaced,
      outcome: { ...replaced.outcome, kind: 'REPLACED', lostBandId: 'lost-band', attendeeName: 'Ada' },
    });
    expect(store.getState().stations['reader-1']).toMatchObject({
      phase: 'done',
      receipt: { lostBandId: 'lost-band', bandId: 'band-1', uid: '04A1B2C3D4E5F6', attendeeName: 'Ada' },
    });
    expect(store.getState().stations['reader-1']?.recent.map((b) => b.bandId)).toEqual(['band-1']);
    store.getState().applyNfcEvent(encoded(2));
    expect(store.getState().stations['reader-1']?.receipt).toBeNull();
  });

  test('shows the reason of a failure and keeps it after the tag leaves', () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    store.getState().applyNfcEvent({
      type: 'outcome',
      stationId: 'reader-1',
      elapsedMs: 40,
      counters: snapshot.counters,
      outcome: { ok: false, code: 'TAG_LOCKED', message: 'This tag is locked', uid: tag.uid },
    });
    store.getState().applyNfcEvent({ type: 'card.removed', stationId: 'reader-1', uid: tag.uid });
    expect(store.getState().stations['reader-1']).toMatchObject({
      phase: 'error',
      report: { kind: 'FAILED', failure: { code: 'TAG_LOCKED', uid: tag.uid } },
      failureCode: 'TAG_LOCKED',
    });
  });

  test('reports the tag on the reader, then what the tap did, as data the screen puts in words', () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    store.getState().applyNfcEvent({ type: 'card.present', stationId: 'reader-1', uid: tag.uid });
    expect(store.getState().stations['reader-1']?.report).toEqual({ kind: 'TAG', uid: tag.uid });
    store.getState().applyNfcEvent(encoded(1));
    expect(store.getState().stations['reader-1']?.report).toEqual({ kind: 'ENCODED', bandId: 'band-1', locked: false });
  });

  const { registration } = encoded(1).outcome;
  /** One outcome of each kind a tap can end with: a new kind fails the type check here until it is reported. */
  const outcomes = {
    ENCODED: [
      { ...encoded(1).outcome, locked: true },
      { kind: 'ENCODED', bandId: 'band-1', locked: true },
    ],
    REPLACED: [
      { ...encoded(1).outcome, kind: 'REPLACED', lostBandId: 'lost-1', attendeeName: null },
      { kind: 'REPLACED', bandId: 'band-1', lostBandId: 'lost-1' },
    ],
    ALREADY_ENCODED: [
      { ok: true, kind: 'ALREADY_ENCODED', tag, registration },
      { kind: 'ALREADY_ENCODED', bandId: 'band-1' },
    ],
    REASSIGNED: [
      { ok: true, kind: 'REASSIGNED', tag, fromEventId: 'event-0', registration },
      { kind: 'REASSIGNED', bandId: 'band-1' },
    ],
    VERIFIED: [
      { ok: true, kind: 'VERIFIED', tag: { ...tag, uri: 'https://example.com/x' }, registration: null },
      { kind: 'VERIFIED_TAG', uid: tag.uid, uri: 'https://example.com/x' },
    ],
  } satisfies { [K in Extract<Outcome, { ok: true }>['kind']]: [Extract<Outcome, { kind: K }>, StationReport] };

  test.each(Object.entries(outcomes))('reports a tap that ends %s', (_kind, [outcome, report]) => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    store.getState().applyNfcEvent({ ...encoded(1), outcome });
    expect(store.getState().stations['reader-1']).toMatchObject({ phase: 'done', report });
  });

  test(`keeps only the last ${RECENT_BANDS} bands, newest first`, () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    for (let n = 1; n <= RECENT_BANDS + 5; n++) store.getState().applyNfcEvent(encoded(n));
    const recent = store.getState().stations['reader-1']?.recent ?? [];
    expect(recent).toHaveLength(RECENT_BANDS);
    expect(recent[0]?.bandId).toBe(`band-${RECENT_BANDS + 5}`);
  });

  test('forgets a reader that is unplugged', () => {
    const store = createConsoleStore();
    store.getState().applyNfcEvent({ type: 'reader.attached', station: snapshot });
    store.getState().applyNfcEvent({ type: 'reader.detached', stationId: 'reader-1' });
    expect(store.getState().stations).toEqual({});
    expect(store.getState().selectedStation).toBeNull();
  });
});
