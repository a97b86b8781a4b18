import { describe, expect, test } from 'vitest';
import { fromZonedInput, toZonedInput } from './zoned-input.ts';

describe('typed window times in the event time zone', () => {
  test('shows an instant as the wall clock of the event, not of this machine', () => {
    expect(toZonedInput('2026-06-13T16:00:00.000Z', 'Europe/Paris')).toBe('2026-06-13T18:00');
    expect(toZonedInput('2026-06-13T16:00:00.000Z', 'America/New_York')).toBe('2026-06-13T12:00');
  });

  test('reads a typed wall-clock time back into the same instant', () => {
    expect(fromZonedInput('2026-06-13T18:00', 'Europe/Paris')).toEqual({ iso: '2026-06-13T16:00:00.000Z', dst: null });
  });

  test.each([
    ['a time skipped by spring-forward', '2026-03-29T02:30', 'GAP'],
    ['a time that happens twice at fall-back', '2026-10-25T02:30', 'AMBIGUOUS'],
  ])('flags %s', (_name, text, dst) => {
    expect(fromZonedInput(text, 'Europe/Paris')?.dst).toBe(dst);
  });

  test('refuses text that is not a time', () => {
    expect(fromZonedInput('2026-13-40T25:00', 'Europe/Paris')).toBeNull();
    expect(fromZonedInput('', 'Europe/Paris')).toBeNull();
  });
});
