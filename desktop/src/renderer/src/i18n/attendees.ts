/** Attendees at the desk: the Bands screen's column and editor, and the Organization screen's rule for desks. */
export const attendeesEn = {
  column: 'Attendee',
  none: '—',
  ticket: 'Ticket {{ticketCode}}',
  edit: 'Attendee',
  editFor: 'Attendee of band {{bandId}}',
  title: 'Attendee of band {{bandId}}',
  intro: 'Saved on this desk at once, and sent to the cloud when it can be reached.',
  name: 'Name',
  email: 'Email',
  ticketCode: 'Ticket code',
  save: 'Save attendee',
  unlink: 'Unlink attendee',
  cancel: 'Cancel',
  saved: 'Attendee of band {{bandId}} saved on this desk.',
  unlinked: 'Band {{bandId}} has no attendee any more.',
  problem: {
    name: 'A name of 200 characters at most, without control characters.',
    email: 'Type an email address, like ann@example.com.',
    ticketCode: 'A ticket code of 100 characters at most, without control characters.',
  },
  emailHidden: "Emails stay in the cloud under your organization's rule: this desk neither shows nor changes them.",
  notShared: "Your organization's rule keeps attendees off desks.",
  rule: {
    legend: 'Attendee details on desks',
    FULL: { title: 'Name, email and ticket code', hint: 'Desks can find, show and export all three.' },
    NAME_AND_TICKET: {
      title: 'Name and ticket code',
      hint: 'Enough to find a person at the desk; emails stay in the cloud.',
    },
    NONE: { title: 'Nothing', hint: 'Desks hold no attendee details; bands are still found by id or tag UID.' },
  },
  card: {
    title: 'Attendees on desks',
    intro:
      "What each desk's copy of the bands holds of attendees. Desks apply a change at their next sync and delete what they may no longer keep; a viewer's desk never holds emails.",
    submit: 'Save attendee rule',
    saved: 'Saved. Desks apply it at their next sync.',
  },
};

export const attendeesDe: typeof attendeesEn = {
  column: 'Gast',
  none: '—',
  ticket: 'Ticket {{ticketCode}}',
  edit: 'Gast',
  editFor: 'Gast von Armband {{bandId}}',
  title: 'Gast von Armband {{bandId}}',
  intro: 'Sofort an diesem Schalter gespeichert und an die Cloud geschickt, sobald sie erreichbar ist.',
  name: 'Name',
  email: 'E-Mail',
  ticketCode: 'Ticketcode',
  save: 'Gast speichern',
  unlink: 'Gast lösen',
  cancel: 'Abbrechen',
  saved: 'Gast von Armband {{bandId}} an diesem Schalter gespeichert.',
  unlinked: 'Armband {{bandId}} hat keinen Gast mehr.',
  problem: {
    name: 'Ein Name mit höchstens 200 Zeichen, ohne Steuerzeichen.',
    email: 'Geben Sie eine E-Mail-Adresse ein, etwa anna@example.com.',
    ticketCode: 'Ein Ticketcode mit höchstens 100 Zeichen, ohne Steuerzeichen.',
  },
  emailHidden:
    'E-Mail-Adressen bleiben nach der Regel Ihrer Organisation in der Cloud: Dieser Schalter zeigt und ändert sie nicht.',
  notShared: 'Die Regel Ihrer Organisation hält Gästedaten von den Schaltern fern.',
  rule: {
    legend: 'Gästedaten an den Schaltern',
    FULL: { title: 'Name, E-Mail und Ticketcode', hint: 'Schalter können alle drei finden, zeigen und exportieren.' },
    NAME_AND_TICKET: {
      title: 'Name und Ticketcode',
      hint: 'Genug, um jemanden am Schalter zu finden; E-Mail-Adressen bleiben in der Cloud.',
    },
    NONE: {
      title: 'Nichts',
      hint: 'Schalter halten keine Gästedaten; Armbänder werden weiter über ID oder Tag-UID gefunden.',
    },
  },
  card: {
    title: 'Gäste an den Schaltern',
    intro:
      'Was die Kopie der Armbänder an jedem Schalter von den Gästen enthält. Schalter übernehmen eine Änderung bei der nächsten Synchronisierung und löschen, was sie nicht mehr behalten dürfen; der Schalter eines Betrachters hält nie E-Mail-Adressen.',
    submit: 'Gäste-Regel speichern',
    saved: 'Gespeichert. Die Schalter übernehmen es bei der nächsten Synchronisierung.',
  },
};
