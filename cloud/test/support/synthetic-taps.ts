/**
 * Festival-like taps for the analytics tests and `npm run bench:analytics`, as the redirect writes them
 * to its local log (so they go through the flusher like real ones): people's phones and a few link
 * previews, IPs from many countries, some rate-limited taps and taps of lost bands, each tap in the
 * window (mode) its time falls in. Deterministic for a seed.
 */
import { type Tap, tapId } from '../../src/taps/tap.ts';

export interface SyntheticWindow {
  readonly id: string;
  readonly kind: string;
  readonly url: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface SyntheticEvent {
  readonly eventId: string;
  readonly orgId: string;
  readonly bandIds: readonly string[];
  readonly windows: readonly SyntheticWindow[];
  readonly fallbackUrl: string;
}

const PHONES = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/119.0.6045.109 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0',
];
const PREVIEWS = [
  'WhatsApp/2.23.20.0 A',
  'TelegramBot (like TwitterBot)',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];

/** mulberry32: a small, fast, seeded PRNG (tests need the same taps every run). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One tap of `event` at `at`, drawn with `random`. */
export function syntheticTap(event: SyntheticEvent, at: number, random: () => number): Tap {
  const r = random();
  const bandId = event.bandIds[Math.floor(random() * event.bandIds.length)]!;
  const window = event.windows.find((w) => w.startsAt <= at && at < w.endsAt);
  const lost = r < 0.01;
  const ip = `${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
  return {
    id: tapId(at),
    at,
    bandId,
    outcome: lost ? 'LOST' : 'SERVED',
    eventId: event.eventId,
    orgId: event.orgId,
    mode: lost ? null : (window?.kind ?? 'FALLBACK'),
    windowId: lost ? null : (window?.id ?? null),
    url: lost || !window ? event.fallbackUrl : window.url,
    ip,
    ua: r > 0.97 ? PREVIEWS[Math.floor(random() * PREVIEWS.length)]! : PHONES[Math.floor(random() * PHONES.length)]!,
    limited: r > 0.955 && r <= 0.97,
  };
}

/** `count` taps spread evenly (with jitter) from `from` to `to`, in time order, `batchSize` at a time. */
export function* syntheticBatches(
  event: SyntheticEvent,
  options: { from: number; to: number; count: number; batchSize: number; seed: number },
): Generator<Tap[]> {
  const random = seeded(options.seed);
  const step = (options.to - options.from) / options.count;
  let batch: Tap[] = [];
  for (let i = 0; i < options.count; i++) {
    batch.push(syntheticTap(event, Math.floor(options.from + i * step + random() * step), random));
    if (batch.length === options.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
