/**
 * Text as a search compares it: accents dropped (NFD, then no combining marks) and lower case, so "zurich"
 * finds "Zürich" and "MÜLLER" finds "Müller". The console's list filters and the desk's band search (its
 * `attendee_search` column and the query against it) fold with this one function, so they agree.
 */
export const foldForSearch = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
