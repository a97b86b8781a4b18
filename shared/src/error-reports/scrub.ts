/**
 * What never leaves for the error tracker: IP addresses, email addresses, tokens and secrets, attendee
 * fields. Error messages are free text (a PostgreSQL message can quote a row), so text is scrubbed by
 * pattern; structured data loses every field whose name says it is personal.
 */

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]'],
  [/\b(bearer|basic)\s+[\w.~+/=-]+/gi, '$1 [token]'],
  // Credentials in URLs: postgres://user:password@host, redis://:password@host.
  [/\b([a-z][\w+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, '$1[credentials]@'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '[ip]'],
  // IPv6: eight groups, or fewer around a "::".
  [/(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?=[0-9a-f:]*::)[0-9a-f:]{2,39})(?![\w:])/gi, '[ip]'],
  // Opaque strings of 24+ characters with letters and digits: session tokens (base64url), keys, secrets
  // in hex. Ids are UUIDs (dashed every few characters) and stay.
  [/(?<![\w-])(?=[\w+=-]*\d)(?=[\w+=-]*[A-Za-z])(?![0-9a-f]{8}-[0-9a-f]{4}-)[\w+=-]{24,}/g, '[token]'],
];

const PERSONAL_KEY =
  /ip|email|e-mail|token|secret|password|passwd|authorization|cookie|session|attendee|name|phone|ticket|user.?agent|^ua$|address|dsn|key/i;

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Strings scrubbed, personal fields dropped, at any depth. */
export function scrubData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return typeof value === 'object' ? null : value;
  if (Array.isArray(value)) return value.map((item) => scrubData(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!PERSONAL_KEY.test(key)) out[key] = scrubData(inner, depth + 1);
  }
  return out;
}
