/** The tap-trust panel's counter reset (docs/tap-trust.md): the button, the question, the outcome. */
export const trustResetEn = {
  actions: 'Actions',
  button: 'Reset counter',
  buttonFor: 'Reset counter for {{bandId}}',
  title: 'Reset the tap counter of {{bandId}}?',
  body: 'The cloud forgets the last tap counter it accepted for this band. Do this for a band whose real taps are now refused as replayed (a forged counter got ahead of it): its next tap counts as genuine again (a band read more than 1,000 times since: the tap after next) and, where suspicious taps go to the fallback page, opens the live page on every server. The reset is recorded in the audit log.',
  keep: 'Keep the counter',
  confirm: 'Reset the counter',
  done: 'The tap counter of {{bandId}} was reset: its next real taps count as genuine.',
  failed: 'The tap counter of {{bandId}} could not be reset: {{error}}',
};

export const trustResetDe: typeof trustResetEn = {
  actions: 'Aktionen',
  button: 'Zähler zurücksetzen',
  buttonFor: 'Zähler zurücksetzen für {{bandId}}',
  title: 'Tap-Zähler von {{bandId}} zurücksetzen?',
  body: 'Die Cloud vergisst den letzten Tap-Zähler, den sie für dieses Armband angenommen hat. Das hilft einem Armband, dessen echte Taps jetzt als wiederholt abgewiesen werden (ein gefälschter Zähler ist ihm vorausgeeilt): Sein nächster Tap gilt wieder als echt (bei einem seither über 1.000-mal gelesenen Armband der übernächste) und öffnet, auch wo verdächtige Taps zur Ausweichseite gehen, auf jedem Server die Live-Seite. Das Zurücksetzen wird im Änderungsprotokoll festgehalten.',
  keep: 'Zähler behalten',
  confirm: 'Zähler zurücksetzen',
  done: 'Der Tap-Zähler von {{bandId}} wurde zurückgesetzt: Seine nächsten echten Taps gelten als echt.',
  failed: 'Der Tap-Zähler von {{bandId}} konnte nicht zurückgesetzt werden: {{error}}',
};
