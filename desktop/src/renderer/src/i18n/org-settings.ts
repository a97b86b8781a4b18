/** The Organization screen's strings: privacy rules, branding (one file per screen keeps the catalogues small). */
export const orgSettingsEn = {
  privacy: 'Attendee privacy',
  privacyIntro:
    'What the cloud keeps of each tap: it applies to taps from now on; retention runs every hour over every stored tap.',
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
  saved: 'Saved.',
  branding: 'Branding',
  brandingIntro:
    'How the pages attendees see when a tap cannot open its page show your organization: the name, a logo and colours.',
  brandingName: 'Name shown to attendees',
  logoUrl: 'Logo address (https://)',
  primaryColor: 'Heading colour',
  backgroundColor: 'Background colour',
  colourHint: 'A hex colour such as #1a7f5a.',
  badColour: 'Type a hex colour such as #1a7f5a.',
  badLogo: 'Type an https:// address of an image.',
  badName: 'At most 120 characters.',
  saveBranding: 'Save branding',
  brandingSaved: 'Branding saved.',
};

/** German: the English keys, every one (the type makes a missing one a compile error). */
export const orgSettingsDe: typeof orgSettingsEn = {
  privacy: 'Datenschutz der Gäste',
  privacyIntro:
    'Was die Cloud von jedem Tap behält: gilt für Taps ab jetzt; die Aufbewahrungsfristen laufen stündlich über alle gespeicherten Taps.',
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
  saved: 'Gespeichert.',
  branding: 'Erscheinungsbild',
  brandingIntro:
    'So zeigen die Seiten, die Gäste sehen, wenn ein Tap seine Seite nicht öffnen kann, Ihre Organisation: Name, Logo und Farben.',
  brandingName: 'Name für die Gäste',
  logoUrl: 'Adresse des Logos (https://)',
  primaryColor: 'Farbe der Überschrift',
  backgroundColor: 'Hintergrundfarbe',
  colourHint: 'Eine Hex-Farbe wie #1a7f5a.',
  badColour: 'Geben Sie eine Hex-Farbe wie #1a7f5a ein.',
  badLogo: 'Geben Sie eine https://-Adresse eines Bildes ein.',
  badName: 'Höchstens 120 Zeichen.',
  saveBranding: 'Erscheinungsbild speichern',
  brandingSaved: 'Erscheinungsbild gespeichert.',
};
