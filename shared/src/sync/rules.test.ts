import { describe, expect, test } from 'vitest';
import {
  backoffDelay,
  decideBandRegistration,
  decodeCursor,
  encodeCursor,
  mergeAttendee,
  mergeEventSettings,
  orgFingerprint,
  settlePush,
} from './rules.ts';

const settings = { name: 'Fest', timezone: 'Europe/Paris', fallbackUrl: 'https://a.example', overrideMode: null };

describe('event settings: last writer wins per field, in server order', () => {
  test('two desks changing different fields both keep their change', () => {
    const afterA = mergeEventSettings(settings, { name: 'Fest 2026' });
    const afterB = mergeEventSettings(afterA, { fallbackUrl: 'https://b.example' });
    expect(afterB).toEqual({ ...settings, name: 'Fest 2026', fallbackUrl: 'https://b.example' });
  });

  test('on the same field the later applied patch wins', () => {
    const merged = mergeEventSettings(mergeEventSettings(settings, { name: 'A' }), { name: 'B' });
    expect(merged.name).toBe('B');
  });

  test('a null mode override is a value (clears the override), not an absent field', () => {
    const overridden = mergeEventSettings(settings, { overrideMode: 'LIVE' });
    expect(mergeEventSettings(overridden, { overrideMode: null }).overrideMode).toBeNull();
    expect(mergeEventSettings(overridden, { name: 'x' }).overrideMode).toBe('LIVE');
  });
});

describe('band registration: first wins', () => {
  const args = { bandId: 'AAAAAAAAAAAAAAAA', uid: '04A1B2C3D4E5F6', eventId: 'e1' };
  test('a new band and a new tag are inserted', () => {
    expect(decideBandRegistration(args, { byBandId: null, byUid: null })).toEqual({ outcome: 'insert' });
  });
  test('the very same registration replayed is already done, not a conflict', () => {
    expect(decideBandRegistration(args, { byBandId: { ...args }, byUid: { ...args } })).toEqual({
      outcome: 'already-done',
    });
  });
  test.each([
    ['the band id is taken by another tag', { byBandId: { ...args, uid: '04FFFFFFFFFFFF' }, byUid: null }],
    ['the band id is taken in another event', { byBandId: { ...args, eventId: 'e2' }, byUid: null }],
    ['the tag is registered as another band', { byBandId: null, byUid: { ...args, bandId: 'BBBBBBBBBBBBBBBB' } }],
  ])('the loser is told when %s', (_name, existing) => {
    const decision = decideBandRegistration(args, existing);
    expect(decision).toMatchObject({ outcome: 'reject', code: 'BAND_ALREADY_REGISTERED' });
  });
});

describe('settling a push', () => {
  test('drops everything up to lastMutationId, even mutations whose result was lost', () => {
    const settled = settlePush([3, 4, 5, 6], {
      lastMutationId: 5,
      results: [
        { mutationId: 5, status: 'rejected', code: 'WINDOW_OVERLAP', message: 'overlaps' },
        { mutationId: 4, status: 'transformed', message: 'trimmed' },
      ],
    });
    expect(settled.processed).toEqual([3, 4, 5]);
    expect(settled.rejected).toEqual([{ mutationId: 5, code: 'WINDOW_OVERLAP', message: 'overlaps' }]);
    expect(settled.transformed).toEqual([{ mutationId: 4, message: 'trimmed' }]);
  });

  test('keeps mutations above lastMutationId pending', () => {
    expect(settlePush([7, 8], { lastMutationId: 6, results: [] }).processed).toEqual([]);
  });
});

describe('backoff', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };
  test('grows exponentially and stays under the cap', () => {
    expect(backoffDelay(0, options, 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(3, options, 0.999)).toBeGreaterThan(7000);
    expect(backoffDelay(30, options, 0.999)).toBeLessThanOrEqual(60_000);
  });
  test('never waits less than half the base', () => {
    expect(backoffDelay(5, options, 0)).toBe(500);
  });
});

describe('cursor', () => {
  test('round-trips the version and fingerprints the orgs regardless of order', () => {
    const cursor = encodeCursor('12345', ['b', 'a']);
    expect(decodeCursor(cursor)).toEqual({ version: '12345', fingerprint: orgFingerprint(['a', 'b']) });
    expect(orgFingerprint(['a', 'b'])).not.toBe(orgFingerprint(['a', 'c']));
  });
  test.each([[null], [''], ['12'], ['x.00000000'], ['1.zzzzzzzz']])('rejects a malformed cursor %s', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe('band attendee: last writer wins per field, in server order', () => {
  const ann = { name: 'Ann', email: 'ann@example.com', ticketCode: 'T-1' };
  test('a desk that changed the name keeps the email it was not allowed to see', () => {
    expect(mergeAttendee(ann, { name: 'Ann Smith' })).toEqual({ ...ann, name: 'Ann Smith' });
  });
  test('two desks changing different fields both keep their change; on one field the later wins', () => {
    const afterA = mergeAttendee(ann, { name: 'A', ticketCode: 'T-2' });
    expect(mergeAttendee(afterA, { ticketCode: 'T-3', email: null })).toEqual({
      name: 'A',
      email: null,
      ticketCode: 'T-3',
    });
  });
  test('links a band that had no attendee; replaying the same change gives the same link', () => {
    const once = mergeAttendee(null, { name: 'Bo' });
    expect(once).toEqual({ name: 'Bo', email: null, ticketCode: null });
    expect(mergeAttendee(once, { name: 'Bo' })).toEqual(once);
  });
  test('null unlinks, and a link whose every field is cleared is no link', () => {
    expect(mergeAttendee(ann, null)).toBeNull();
    expect(mergeAttendee(ann, { name: null, email: null, ticketCode: null })).toBeNull();
  });
});
