/**
 * Whether a URL belongs to the console itself. One pure function, because every security decision in the
 * shell (navigation, new windows, IPC senders, permission requests) hangs on it.
 *
 * Policy: a URL is ours only when it parses and has exactly the app's scheme, host and port, and carries
 * no credentials. Prefix or substring checks are what look-alike URLs (`app://console.evil.test`,
 * `app://console@evil.test`, `http://127.0.0.1:80@evil.test`) exploit, so nothing here compares strings
 * other than the parsed parts.
 */
export function isTrustedUrl(candidate: string, appBase: string): boolean {
  const url = parse(candidate);
  const base = parse(appBase);
  if (!url || !base) return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === base.protocol && url.hostname === base.hostname && url.port === base.port;
}

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
