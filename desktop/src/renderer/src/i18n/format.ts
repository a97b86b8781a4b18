import { useTranslation } from 'react-i18next';
import { deskLocale } from './i18n.ts';

/**
 * Dates and numbers in the desk's language, one format everywhere: an instant that belongs to an event is
 * shown in the event's zone (pass it), in the locale the console speaks; one that belongs to no event
 * (a member's joining, an audit entry) in the desk's own zone, `zone`.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = deskLocale(i18n.language, navigator.languages);
  return {
    locale,
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
    dateTime: (iso: string | Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)),
    date: (iso: string | Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso)),
    time: (iso: string | Date) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(new Date(iso)),
  };
}
