/** Why a station mode key (E, V, R, I) cannot act, as a catalogue key under `station.keyIgnored`, or null. */
export type KeyIgnored = 'noReader' | 'noStation' | 'noEvent';

const modeKeys = new Set(['e', 'v', 'r', 'i']);

export function whyModeKeyIgnored(
  key: string,
  at: { readers: number; station: string | null; eventId: string | null },
): KeyIgnored | null {
  if (!modeKeys.has(key)) return null;
  if (at.readers === 0) return 'noReader';
  if (!at.station) return 'noStation';
  if ((key === 'e' || key === 'r') && !at.eventId) return 'noEvent';
  return null;
}
