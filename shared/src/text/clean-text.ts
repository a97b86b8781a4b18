/**
 * Text the product can store and send: no NUL (PostgreSQL's text refuses it) and no lone UTF-16
 * surrogate (not encodable as UTF-8: PostgreSQL refuses it, and JSON round trips mangle it). The cloud
 * checks every string of every tRPC input with `findUncleanText` (cloud/src/trpc/init.ts).
 */
export const isCleanText = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();

export const CLEAN_TEXT_MESSAGE = 'contains a NUL character or an unpaired surrogate';

/** The path of the first string in `value` (any depth, keys included) that is not clean text; null when none. */
export function findUncleanText(value: unknown, path: Array<string | number> = []): Array<string | number> | null {
  if (typeof value === 'string') return isCleanText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUncleanText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isCleanText(key)) return [...path, key];
      const found = findUncleanText(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
