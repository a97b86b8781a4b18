/** The Events screen's delete: the button, and the question that says what goes with the event. */
export const eventDeleteEn = {
  button: 'Delete',
  buttonFor: 'Delete {{name}}',
  title: 'Delete {{name}}?',
  withBands_one:
    'It has {{count}} band. The cloud refuses to delete an event with bands unless they go too: its band and its windows are deleted with it, in the cloud and on every desk. Tapping that band afterwards shows the page for unknown bands.',
  withBands_other:
    'It has {{count}} bands. The cloud refuses to delete an event with bands unless they go too: its {{count}} bands and its windows are deleted with it, in the cloud and on every desk. Tapping one of them afterwards shows the page for unknown bands.',
  noBands: 'It has no bands. Its windows are deleted with it, in the cloud and on every desk.',
  forGood: 'This cannot be undone.',
  offline:
    'Deleting an event needs the cloud, which cannot be reached right now: the desk cannot delete it offline. Try again once the sync status at the top no longer says Offline.',
  keep: 'Keep the event',
  confirm: 'Delete the event',
  confirmWithBands_one: 'Delete the event and its band',
  confirmWithBands_other: 'Delete the event and its {{count}} bands',
};

export const eventDeleteDe: typeof eventDeleteEn = {
  button: 'Löschen',
  buttonFor: '{{name}} löschen',
  title: '{{name}} löschen?',
  withBands_one:
    'Sie hat {{count}} Armband. Die Cloud löscht eine Veranstaltung mit Armbändern nur, wenn diese mitgehen: Ihr Armband und ihre Zeitfenster werden mit ihr gelöscht, in der Cloud und an jedem Schalter. Wer das Armband danach antippt, sieht die Seite für unbekannte Armbänder.',
  withBands_other:
    'Sie hat {{count}} Armbänder. Die Cloud löscht eine Veranstaltung mit Armbändern nur, wenn diese mitgehen: Ihre {{count}} Armbänder und ihre Zeitfenster werden mit ihr gelöscht, in der Cloud und an jedem Schalter. Wer eines davon danach antippt, sieht die Seite für unbekannte Armbänder.',
  noBands: 'Sie hat keine Armbänder. Ihre Zeitfenster werden mit ihr gelöscht, in der Cloud und an jedem Schalter.',
  forGood: 'Das lässt sich nicht rückgängig machen.',
  offline:
    'Zum Löschen einer Veranstaltung braucht es die Cloud, die gerade nicht erreichbar ist: Offline kann dieser Schalter nicht löschen. Bitte erneut versuchen, sobald die Statusanzeige oben nicht mehr „Offline“ zeigt.',
  keep: 'Veranstaltung behalten',
  confirm: 'Veranstaltung löschen',
  confirmWithBands_one: 'Veranstaltung und ihr Armband löschen',
  confirmWithBands_other: 'Veranstaltung und ihre {{count}} Armbänder löschen',
};
