/** Why a row of a band CSV import is refused, by what is wrong with it (its problem, or its code and column). */
export const importErrorsEn = {
  unreadable: 'the file cannot be read as CSV: check its quotes',
  unknownColumns: 'unknown columns: {{columns}}',
  invalid: {
    bandId: 'bandId is not a band id',
    uid: 'uid is not a tag UID (8, 14 or 20 hex digits), or a band with a trust kind has none',
    attendeeName: 'attendeeName is longer than 200 characters',
    attendeeEmail: 'attendeeEmail is not an email address',
    ticketCode: 'ticketCode is longer than 100 characters',
    trust: 'trust is none of NONE, NTAG21X_MIRROR, NTAG424_SUN',
    keyVersion: 'keyVersion is not a whole number from 1 to 255',
  },
  taken: {
    bandId: 'this bandId is registered already',
    uid: 'this uid is another band’s tag already',
  },
  repeats: {
    bandId: 'bandId repeats line {{line}}',
    uid: 'uid repeats line {{line}}',
  },
};

export const importErrorsDe: typeof importErrorsEn = {
  unreadable: 'Die Datei lässt sich nicht als CSV lesen: bitte die Anführungszeichen prüfen',
  unknownColumns: 'unbekannte Spalten: {{columns}}',
  invalid: {
    bandId: 'bandId ist keine Armband-ID',
    uid: 'uid ist keine Tag-UID (8, 14 oder 20 Hex-Ziffern), oder ein Armband mit Vertrauensart hat keine',
    attendeeName: 'attendeeName ist länger als 200 Zeichen',
    attendeeEmail: 'attendeeEmail ist keine E-Mail-Adresse',
    ticketCode: 'ticketCode ist länger als 100 Zeichen',
    trust: 'trust ist keiner der Werte NONE, NTAG21X_MIRROR, NTAG424_SUN',
    keyVersion: 'keyVersion ist keine ganze Zahl von 1 bis 255',
  },
  taken: {
    bandId: 'diese bandId ist bereits registriert',
    uid: 'diese uid ist bereits das Tag eines anderen Armbands',
  },
  repeats: {
    bandId: 'bandId wiederholt Zeile {{line}}',
    uid: 'uid wiederholt Zeile {{line}}',
  },
};
