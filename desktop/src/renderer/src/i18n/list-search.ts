/** The search boxes of the list screens (Events, Bands, Team, Audit log, Platform admin); `/` focuses each. */
export const listSearchEn = {
  events: { label: 'Search events', hint: 'Search name, time zone or URL (press /)' },
  bands: { label: 'Search bands', hint: 'Search band id, UID, station or attendee (press /)' },
  team: { label: 'Search people', hint: 'Search name or email (press /)' },
  audit: { label: 'Find the changes to one thing', hint: 'Paste a band id or event id (press /)' },
  admin: { label: 'Search organizations and band ids', hint: 'Organization or band id (press /)' },
  noMatch: 'Nothing matches “{{query}}”.',
};

export const listSearchDe: typeof listSearchEn = {
  events: { label: 'Veranstaltungen suchen', hint: 'Name, Zeitzone oder URL suchen (Taste /)' },
  bands: { label: 'Armbänder suchen', hint: 'Armband-ID, UID, Station oder Gast suchen (Taste /)' },
  team: { label: 'Personen suchen', hint: 'Name oder E-Mail suchen (Taste /)' },
  audit: { label: 'Änderungen an einem Objekt finden', hint: 'Armband-ID oder Veranstaltungs-ID einfügen (Taste /)' },
  admin: { label: 'Organisationen und Armband-IDs suchen', hint: 'Organisation oder Armband-ID (Taste /)' },
  noMatch: 'Nichts passt zu „{{query}}“.',
};
