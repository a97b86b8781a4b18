import { foldForSearch } from '@sparkmotion/shared/text/fold-for-search';

/**
 * Whether a row of a list loaded whole matches what was typed in its search box: every word typed is found
 * in one of the row's fields, ignoring case and accents ("zurich" finds "Zürich").
 */
export function matchesSearch(query: string, fields: ReadonlyArray<string | null | undefined>): boolean {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields.map((f) => foldForSearch(f ?? ''));
  return words.every((word) => haystack.some((field) => field.includes(word)));
}
