/** A bulk-encoding list a station refuses, line by line (`problem` of the shared list parser). */
export const bulkListEn = {
  refused: 'This list was not started: fix these lines first.',
  UNREADABLE: 'Line {{line}}: the file cannot be read as CSV: check its quotes',
  NOT_A_BAND_ID: 'Line {{line}}: “{{value}}” is not a band id',
  REPEATS: 'Line {{line}}: {{bandId}} repeats line {{repeatsLine}}',
  EMPTY: 'The list holds no band ids.',
};

export const bulkListDe: typeof bulkListEn = {
  refused: 'Diese Liste wurde nicht gestartet: bitte zuerst diese Zeilen korrigieren.',
  UNREADABLE: 'Zeile {{line}}: Die Datei lässt sich nicht als CSV lesen: bitte die Anführungszeichen prüfen',
  NOT_A_BAND_ID: 'Zeile {{line}}: „{{value}}“ ist keine Armband-ID',
  REPEATS: 'Zeile {{line}}: {{bandId}} wiederholt Zeile {{repeatsLine}}',
  EMPTY: 'Die Liste enthält keine Armband-IDs.',
};
