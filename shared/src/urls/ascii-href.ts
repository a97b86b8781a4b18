/**
 * A URL in the form every HTTP client accepts in a `Location` header: ASCII only (host in punycode, path,
 * query and fragment percent-encoded), as WHATWG `new URL(url).href` gives it. Non-ASCII URLs are not
 * header-safe: Node refuses to send them, and browsers read Latin-1 bytes differently.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export const isHeaderSafeUrl = (url: string): boolean => HEADER_SAFE.test(url);

/** The ASCII form of `url`; null when it is not a URL or still not header-safe once normalized. */
export function asciiHref(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const href = new URL(url).href;
  return isHeaderSafeUrl(href) ? href : null;
}

/** `url` as it can go into `Location`: as given when already header-safe, else its ASCII form; null when neither. */
export const sendableUrl = (url: string): string | null => (isHeaderSafeUrl(url) ? url : asciiHref(url));
