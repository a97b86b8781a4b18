/**
 * Why attendees' phones could not open links to this hub, or null when nothing is wrong that we can see:
 * a name only this machine knows (localhost), a loopback or private-network address (the phone is on
 * mobile data, not the desk's LAN), or plain http (browsers warn, and a captive portal may intercept it).
 */
export type HubUrlWarning = 'localhost' | 'loopback' | 'private' | 'http';

export function hubUrlWarning(text: string): HubUrlWarning | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return 'localhost';
  if (/^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::') return 'loopback';
  if (isPrivate(host)) return 'private';
  if (url.protocol === 'http:') return 'http';
  return null;
}

function isPrivate(host: string): boolean {
  const v4 = host.match(/^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  // IPv6 unique-local (fc00::/7) and link-local (fe80::/10).
  return /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
}
