import { describe, expect, test } from 'vitest';
import { whyModeKeyIgnored } from './mode-keys.ts';

const ready = { readers: 1, station: 'reader-1', eventId: 'event-1' };

describe('a station mode key that cannot act says why', () => {
  test.each([
    ['no reader is plugged in', 'v', { ...ready, readers: 0, station: null }, 'noReader'],
    ['no reader is picked', 'e', { ...ready, station: null }, 'noStation'],
    ['encoding has no event', 'e', { ...ready, eventId: null }, 'noEvent'],
    ['reassigning has no event', 'r', { ...ready, eventId: null }, 'noEvent'],
  ] as const)('when %s', (_name, key, at, why) => {
    expect(whyModeKeyIgnored(key, at)).toBe(why);
  });

  test.each([
    ['a mode key that can act', 'e', ready],
    ['verify, which needs no event', 'v', { ...ready, eventId: null }],
    ['a key that is not a mode key', 'x', { ...ready, readers: 0 }],
  ] as const)('says nothing for %s', (_name, key, at) => {
    expect(whyModeKeyIgnored(key, at)).toBeNull();
  });
});
