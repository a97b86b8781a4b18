/**
 * Words for the refusals whose code says it all (`errors.<ErrorCode>`), in the desk's language; a code not
 * here (BAD_INPUT, CONFLICT, NOT_FOUND…) is shown with its own message, which names what is wrong.
 */
export const errorsEn = {
  LAST_OWNER: 'An organization keeps at least one owner: make someone else owner first.',
  FORBIDDEN: 'Your role does not allow this. Ask an owner of the organization.',
  UNAVAILABLE: 'The cloud cannot be reached. Check the network and try again.',
  WINDOW_OVERLAP: 'Two windows would overlap: at any moment only one window may serve.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  SESSION_EXPIRED: 'Your session has ended: sign in again.',
  UNAUTHENTICATED: 'Sign in first.',
  RATE_LIMITED: 'Too many attempts: wait a few minutes, then try again.',
  BAND_ID_FOREIGN:
    'This band id was made for another organization, so it cannot be used here. Use ids made for your organization.',
  BAND_ALREADY_REGISTERED: 'This band or its tag is registered already.',
  BAND_ALREADY_REPLACED: 'This lost band has a replacement already.',
  BAND_NOT_ACTIVE: 'The band is disabled, lost or replaced: that does not allow this.',
  EVENT_HAS_BANDS: 'The event still has bands: delete them with it, or move them to another event first.',
  UNSYNCED_CHANGES:
    'This desk has band changes for it the cloud has not received yet: sync first (the status at the top says Synced), then try again.',
  INTERNAL: 'Something went wrong in the cloud. Try again; if it keeps happening, tell your administrator.',
};

export const errorsDe: typeof errorsEn = {
  LAST_OWNER: 'Eine Organisation behält immer mindestens einen Inhaber: zuerst jemand anderen zum Inhaber machen.',
  FORBIDDEN: 'Ihre Rolle erlaubt das nicht. Bitte einen Inhaber der Organisation fragen.',
  UNAVAILABLE: 'Die Cloud ist nicht erreichbar. Bitte das Netz prüfen und es erneut versuchen.',
  WINDOW_OVERLAP: 'Zwei Zeitfenster würden sich überschneiden: Es darf immer nur eines gelten.',
  INVALID_CREDENTIALS: 'E-Mail oder Passwort ist falsch.',
  SESSION_EXPIRED: 'Ihre Sitzung ist abgelaufen: bitte erneut anmelden.',
  UNAUTHENTICATED: 'Bitte zuerst anmelden.',
  RATE_LIMITED: 'Zu viele Versuche: bitte einige Minuten warten und es dann erneut versuchen.',
  BAND_ID_FOREIGN:
    'Diese Armband-ID wurde für eine andere Organisation erzeugt und kann hier nicht verwendet werden. Bitte IDs Ihrer Organisation verwenden.',
  BAND_ALREADY_REGISTERED: 'Dieses Armband oder sein Tag ist bereits registriert.',
  BAND_ALREADY_REPLACED: 'Für dieses verlorene Armband gibt es bereits einen Ersatz.',
  BAND_NOT_ACTIVE: 'Das Armband ist deaktiviert, verloren oder ersetzt: Das lässt dies nicht zu.',
  EVENT_HAS_BANDS:
    'Die Veranstaltung hat noch Armbänder: sie mitlöschen oder zuerst einer anderen Veranstaltung zuordnen.',
  UNSYNCED_CHANGES:
    'Dieser Schalter hat Armband-Änderungen dazu, die die Cloud noch nicht erhalten hat: zuerst synchronisieren (die Statusanzeige oben zeigt „Synchronisiert“), dann erneut versuchen.',
  INTERNAL:
    'In der Cloud ist etwas schiefgegangen. Bitte erneut versuchen; wenn es wieder passiert, Ihre Administration informieren.',
};
