/**
 * Whether a row of a list loaded whole matches what was typed in its search box: every word typed is found
 * in one of the row's fields, ignoring case and accents ("zurich" finds "Zürich").
 */
export function matchesSearch(query: string, fields: ReadonlyArray<string | null | undefined>): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields.map((f) => fold(f ?? ''));
  return words.every((word) => haystack.some((field) => field.includes(word)));
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
