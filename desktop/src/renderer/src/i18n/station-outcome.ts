/**
 * What a station's banner says under its state: the tag on the reader, how a tap ended (`done.<kind>`) or
 * why it failed (`failed.<FailureCode>`). A `_pending` form is for a tap that left a band half-written, a
 * `_band` form for a failure that names its band (i18next's `context`); the plain form says it without.
 */
export const stationOutcomeEn = {
  tag: 'Tag {{uid}}',
  done: {
    ENCODED: 'Band {{bandId}} written',
    ENCODED_locked: 'Band {{bandId}} written and locked',
    REPLACED: 'Band {{bandId}} replaces lost band {{lostBandId}}',
    ALREADY_ENCODED: 'Already band {{bandId}}',
    VERIFIED: 'Band {{bandId}} (event {{event}})',
    VERIFIED_foreign: 'Tag {{uid}}: {{uri}} — not a band of this desk',
    VERIFIED_blank: 'Tag {{uid}}: no link — not a band of this desk',
    REASSIGNED: 'Band {{bandId}} moved to the selected event',
  },
  failed: {
    TAG_REMOVED: 'The tag left before it was read. Tap it again.',
    REMOVED_MID_WRITE: 'The tag left during the write and is half-written. Put tag {{uid}} back to finish it.',
    RETRY_PENDING: 'A half-written band is waiting to be put back. This tag was not touched.',
    UNSUPPORTED_TAG: 'Only NTAG213/215/216 tags can become bands. Use another band.',
    TAG_TOO_SMALL: 'The band link does not fit on this tag. Use another band.',
    TAG_LOCKED: 'This tag is locked and cannot be written. Use another band.',
    TAG_PROTECTED: 'None of this desk’s tag secrets opens this band: sync, then tap it again.',
    TAG_SECRET_UNAVAILABLE: 'This desk has not got your organization’s tag secret yet. Nothing was written.',
    NEEDS_OVERWRITE_CONFIRMATION: 'This tag already holds content that is not a band of this desk.',
    NEEDS_OVERWRITE_CONFIRMATION_band: 'This tag already holds band {{bandId}}.',
    VERIFY_MISMATCH: 'The tag did not read back what was written. Tap it again to rewrite.',
    READER_UNPLUGGED: 'The reader went away. Reconnect it.',
    READER_UNPLUGGED_pending:
      'The reader went away during a write: tag {{uid}} is half-written. Reconnect the reader and tap it again.',
    NOT_A_BAND: 'This tag does not carry a band link.',
    UNKNOWN_BAND: 'This band is not known at this desk.',
    UNKNOWN_BAND_band: 'Band {{bandId}} is not known at this desk.',
    BULK_LIST_DONE: 'Every band of the list is encoded.',
    BAND_ALREADY_REPLACED: 'This lost band has a replacement already.',
    BAND_ALREADY_REPLACED_band: 'Band {{bandId}} was replaced by {{replacedBy}} already.',
    LOST_BAND_TAPPED: 'This is the lost band itself: it was found, so restore it instead of replacing it.',
    LOST_BAND_TAPPED_band: 'This is band {{bandId}} itself: it was found, so restore it instead of replacing it.',
    NO_MODE: 'Choose a mode for this station first.',
    READER_NOT_CHOSEN: 'This desk runs no station on this reader: choose it in Settings → Readers.',
    TAG_ERROR: 'The tag answered with an error. Tap it again.',
    TAG_ERROR_pending: 'The tag refused a write and is half-written. Tap it again to retry.',
    REGISTRY_FAILED: 'The desk could not record the band. Tap it again; if it keeps happening, tell IT.',
    BAND_ALREADY_REGISTERED: 'This band or its tag is registered already.',
    BAND_ALREADY_REGISTERED_band: 'Band {{bandId}} is registered already: skipped it.',
  },
  failedUnknown: 'This tap failed: see the details.',
};

export const stationOutcomeDe: typeof stationOutcomeEn = {
  tag: 'Tag {{uid}}',
  done: {
    ENCODED: 'Armband {{bandId}} geschrieben',
    ENCODED_locked: 'Armband {{bandId}} geschrieben und gesperrt',
    REPLACED: 'Armband {{bandId}} ersetzt das verlorene Armband {{lostBandId}}',
    ALREADY_ENCODED: 'Bereits Armband {{bandId}}',
    VERIFIED: 'Armband {{bandId}} (Veranstaltung {{event}})',
    VERIFIED_foreign: 'Tag {{uid}}: {{uri}} — kein Armband dieses Tisches',
    VERIFIED_blank: 'Tag {{uid}}: kein Link — kein Armband dieses Tisches',
    REASSIGNED: 'Armband {{bandId}} der gewählten Veranstaltung zugeordnet',
  },
  failed: {
    TAG_REMOVED: 'Das Tag wurde entfernt, bevor es gelesen war. Bitte erneut auflegen.',
    REMOVED_MID_WRITE:
      'Das Tag wurde während des Schreibens entfernt und ist halb beschrieben. Tag {{uid}} wieder auflegen, um es fertigzustellen.',
    RETRY_PENDING:
      'Ein halb beschriebenes Armband wartet darauf, wieder aufgelegt zu werden. Dieses Tag blieb unberührt.',
    UNSUPPORTED_TAG: 'Nur NTAG213/215/216-Tags können Armbänder werden. Bitte ein anderes Armband nehmen.',
    TAG_TOO_SMALL: 'Der Armband-Link passt nicht auf dieses Tag. Bitte ein anderes Armband nehmen.',
    TAG_LOCKED: 'Dieses Tag ist gesperrt und kann nicht beschrieben werden. Bitte ein anderes Armband nehmen.',
    TAG_PROTECTED:
      'Keines der Tag-Geheimnisse dieses Tisches öffnet dieses Armband: synchronisieren, dann erneut auflegen.',
    TAG_SECRET_UNAVAILABLE:
      'Dieser Tisch hat das Tag-Geheimnis Ihrer Organisation noch nicht. Es wurde nichts geschrieben.',
    NEEDS_OVERWRITE_CONFIRMATION: 'Auf diesem Tag ist schon etwas, das kein Armband dieses Tisches ist.',
    NEEDS_OVERWRITE_CONFIRMATION_band: 'Auf diesem Tag ist schon Armband {{bandId}}.',
    VERIFY_MISMATCH:
      'Das Tag lieferte beim Zurücklesen nicht, was geschrieben wurde. Bitte erneut auflegen, um es neu zu schreiben.',
    READER_UNPLUGGED: 'Das Lesegerät ist weg. Bitte wieder anschließen.',
    READER_UNPLUGGED_pending:
      'Das Lesegerät ging während des Schreibens verloren: Tag {{uid}} ist halb beschrieben. Lesegerät wieder anschließen und das Tag erneut auflegen.',
    NOT_A_BAND: 'Dieses Tag trägt keinen Armband-Link.',
    UNKNOWN_BAND: 'Dieses Armband ist an diesem Tisch nicht bekannt.',
    UNKNOWN_BAND_band: 'Armband {{bandId}} ist an diesem Tisch nicht bekannt.',
    BULK_LIST_DONE: 'Jedes Armband der Liste ist codiert.',
    BAND_ALREADY_REPLACED: 'Für dieses verlorene Armband gibt es bereits einen Ersatz.',
    BAND_ALREADY_REPLACED_band: 'Armband {{bandId}} wurde bereits durch {{replacedBy}} ersetzt.',
    LOST_BAND_TAPPED:
      'Das ist das verlorene Armband selbst: Es ist wieder da, also bitte wiederherstellen statt ersetzen.',
    LOST_BAND_TAPPED_band:
      'Das ist Armband {{bandId}} selbst: Es ist wieder da, also bitte wiederherstellen statt ersetzen.',
    NO_MODE: 'Bitte zuerst einen Modus für diese Station wählen.',
    READER_NOT_CHOSEN:
      'Dieser Tisch betreibt auf diesem Lesegerät keine Station: bitte unter Einstellungen → Lesegeräte wählen.',
    TAG_ERROR: 'Das Tag meldete einen Fehler. Bitte erneut auflegen.',
    TAG_ERROR_pending:
      'Das Tag verweigerte das Schreiben und ist halb beschrieben. Bitte erneut auflegen, um es nochmal zu versuchen.',
    REGISTRY_FAILED:
      'Der Tisch konnte das Armband nicht speichern. Bitte erneut auflegen; passiert es wieder, die IT informieren.',
    BAND_ALREADY_REGISTERED: 'Dieses Armband oder sein Tag ist bereits registriert.',
    BAND_ALREADY_REGISTERED_band: 'Armband {{bandId}} ist bereits registriert: übersprungen.',
  },
  failedUnknown: 'Das hat nicht geklappt: siehe Details.',
};
