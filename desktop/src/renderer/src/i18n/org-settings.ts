/** The Organization screen's strings: privacy rules, branding (one file per screen keeps the catalogues small). */
export const orgSettingsEn = {
  cards: {
    privacy: {
      title: 'Attendee privacy',
      intro:
        'What the cloud keeps of each tap: it applies to taps from now on; retention runs every hour over every stored tap.',
      submit: 'Save',
      saved: 'Saved.',
    },
    trust: {
      title: 'Tap trust',
      intro:
        'What happens to taps the cloud judges replayed or copied (a band cloned, or a tap link shared), for the event chosen in the sidebar.',
      submit: 'Save tap trust',
      saved: 'Tap-trust policy saved.',
    },
    branding: {
      title: 'Branding',
      intro:
        'How the pages attendees see when a tap cannot open its page show your organization: the name, a logo and colours.',
      submit: 'Save branding',
      saved: 'Branding saved.',
    },
  },
  ipMode: 'IP addresses',
  ip: {
    FULL: { title: 'Keep full IP addresses', hint: 'Until the retention below erases them.' },
    ANONYMIZED: {
      title: 'Keep anonymized IPs',
      hint: 'The last part is dropped: country and network stay, the person does not.',
    },
    NONE: { title: 'Keep no IP address', hint: 'Only the country is derived, then the address is dropped.' },
  },
  retentionDays: 'Erase IPs and user agents after (days)',
  rawRetentionDays: 'Delete raw taps after (days)',
  retentionHint: 'Analytics figures stay after raw taps are deleted.',
  brandingName: 'Name shown to attendees',
  logoUrl: 'Logo address (https://)',
  primaryColor: 'Heading colour',
  backgroundColor: 'Background colour',
  colourHint: 'A hex colour such as #1a7f5a.',
  badColour: 'Type a hex colour such as #1a7f5a.',
  badLogo: 'Type an https:// address of an image.',
  badName: 'At most 120 characters.',
  trustPickEvent: 'Pick an event on the Events screen to set its tap-trust policy.',
  trustPolicy: 'Replayed or copied taps',
  policy: {
    SAME_PAGE: { title: 'Open the page as usual', hint: 'The taps are only marked in the analytics.' },
    FALLBACK: {
      title: "Send them to the event's fallback page",
      hint: 'Attendees with a copied band do not see the live page.',
    },
  },
  trustConfirmTitle: 'Send suspicious taps to the fallback page?',
  trustConfirmBody:
    "From now on, every tap the cloud judges replayed or copied opens the event's fallback page instead of the live page. An attendee whose genuine band is misjudged is diverted too.",
  trustConfirm: 'Divert suspicious taps',
  trustKeep: 'Keep as it is',
  rotate: {
    title: 'Tag secrets',
    intro:
      'After someone who could encode bands leaves, give the organization new tag secrets. Only owners can; no secret is ever shown.',
    confirm: 'Rotate',
    ntag: {
      button: 'Rotate the NTAG secret',
      confirmTitle: 'Rotate the NTAG secret?',
      confirmBody:
        'Bands encoded from now on are locked with a new secret. Bands already written keep the version they were locked with and keep working; whoever knew the old secret can still rewrite those bands until they are encoded again. Tapping such a band at a station encoding its event moves it to the new secret.',
      done: 'The NTAG secret is now version {{version}}.',
    },
    sdm: {
      button: 'Rotate the NTAG 424 master key',
      confirmTitle: 'Rotate the NTAG 424 master key?',
      confirmBody:
        'NTAG 424 bands personalised from now on use a new key. Bands already written keep theirs and their taps are still checked with it; a band moves to the new key when it is encoded again.',
      done: 'The NTAG 424 master key is now version {{version}}.',
    },
  },
};

/** German: the English keys, every one (the type makes a missing one a compile error). */
export const orgSettingsDe: typeof orgSettingsEn = {
  cards: {
    privacy: {
      title: 'Datenschutz der Gäste',
      intro:
        'Was die Cloud von jedem Tap behält: gilt für Taps ab jetzt; die Aufbewahrungsfristen laufen stündlich über alle gespeicherten Taps.',
      submit: 'Speichern',
      saved: 'Gespeichert.',
    },
    trust: {
      title: 'Tap-Vertrauen',
      intro:
        'Was mit Taps geschieht, die die Cloud als wiederholt oder kopiert einstuft (ein geklontes Band, ein geteilter Link), für die in der Seitenleiste gewählte Veranstaltung.',
      submit: 'Tap-Vertrauen speichern',
      saved: 'Tap-Vertrauensregel gespeichert.',
    },
    branding: {
      title: 'Erscheinungsbild',
      intro:
        'So zeigen die Seiten, die Gäste sehen, wenn ein Tap seine Seite nicht öffnen kann, Ihre Organisation: Name, Logo und Farben.',
      submit: 'Erscheinungsbild speichern',
      saved: 'Erscheinungsbild gespeichert.',
    },
  },
  ipMode: 'IP-Adressen',
  ip: {
    FULL: { title: 'Vollständige IP-Adressen behalten', hint: 'Bis die Frist unten sie löscht.' },
    ANONYMIZED: {
      title: 'Anonymisierte IPs behalten',
      hint: 'Der letzte Teil entfällt: Land und Netz bleiben, die Person nicht.',
    },
    NONE: {
      title: 'Keine IP-Adresse behalten',
      hint: 'Nur das Land wird abgeleitet, dann wird die Adresse verworfen.',
    },
  },
  retentionDays: 'IPs und User-Agents löschen nach (Tagen)',
  rawRetentionDays: 'Rohe Taps löschen nach (Tagen)',
  retentionHint: 'Die Zahlen der Auswertung bleiben, auch wenn rohe Taps gelöscht sind.',
  brandingName: 'Name für die Gäste',
  logoUrl: 'Adresse des Logos (https://)',
  primaryColor: 'Farbe der Überschrift',
  backgroundColor: 'Hintergrundfarbe',
  colourHint: 'Eine Hex-Farbe wie #1a7f5a.',
  badColour: 'Geben Sie eine Hex-Farbe wie #1a7f5a ein.',
  badLogo: 'Geben Sie eine https://-Adresse eines Bildes ein.',
  badName: 'Höchstens 120 Zeichen.',
  trustPickEvent:
    'Wählen Sie auf dem Bildschirm Veranstaltungen eine Veranstaltung, um ihre Tap-Vertrauensregel festzulegen.',
  trustPolicy: 'Wiederholte oder kopierte Taps',
  policy: {
    SAME_PAGE: { title: 'Seite wie gewohnt öffnen', hint: 'Die Taps werden nur in der Auswertung markiert.' },
    FALLBACK: {
      title: 'Zur Ausweichseite der Veranstaltung schicken',
      hint: 'Gäste mit kopiertem Band sehen die Live-Seite nicht.',
    },
  },
  trustConfirmTitle: 'Verdächtige Taps zur Ausweichseite schicken?',
  trustConfirmBody:
    'Ab jetzt öffnet jeder Tap, den die Cloud als wiederholt oder kopiert einstuft, die Ausweichseite der Veranstaltung statt der Live-Seite. Auch ein Gast, dessen echtes Band falsch eingestuft wird, wird umgeleitet.',
  trustConfirm: 'Verdächtige Taps umleiten',
  trustKeep: 'So lassen',
  rotate: {
    title: 'Tag-Geheimnisse',
    intro:
      'Wenn jemand geht, der Bänder codieren konnte, erhält die Organisation neue Tag-Geheimnisse. Nur Inhaber können das; kein Geheimnis wird je angezeigt.',
    confirm: 'Erneuern',
    ntag: {
      button: 'NTAG-Geheimnis erneuern',
      confirmTitle: 'NTAG-Geheimnis erneuern?',
      confirmBody:
        'Ab jetzt codierte Bänder werden mit einem neuen Geheimnis gesperrt. Bereits geschriebene Bänder behalten ihre Version und funktionieren weiter; wer das alte Geheimnis kannte, kann diese Bänder überschreiben, bis sie neu codiert sind. Ein solches Band an einer Station auflegen, die für seine Veranstaltung codiert, stellt es auf das neue Geheimnis um.',
      done: 'Das NTAG-Geheimnis ist jetzt Version {{version}}.',
    },
    sdm: {
      button: 'NTAG-424-Hauptschlüssel erneuern',
      confirmTitle: 'NTAG-424-Hauptschlüssel erneuern?',
      confirmBody:
        'Ab jetzt personalisierte NTAG-424-Bänder erhalten einen neuen Schlüssel. Bereits geschriebene Bänder behalten ihren, ihre Taps werden weiter damit geprüft; ein Band wechselt zum neuen Schlüssel, wenn es neu codiert wird.',
      done: 'Der NTAG-424-Hauptschlüssel ist jetzt Version {{version}}.',
    },
  },
};
