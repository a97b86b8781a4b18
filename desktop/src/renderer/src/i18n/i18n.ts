/**
 * The renderer's one i18n instance (i18next). Catalogues are TypeScript objects bundled with the app:
 * `en` is the source, `de` must have every key (its type is `Catalogue`, so a missing key fails the
 * type check, and `catalogues.test.ts` fails on a key used in code that no catalogue has).
 * A key missing at run time is reported through `onMissingKey`, which the e2e turns into a failure.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de.ts';
import { en } from './en.ts';

export const languages = { en: 'English', de: 'Deutsch' } as const;
export type Language = keyof typeof languages;

/** The desk's language: the one chosen in Settings, else the system's when we have it, else English. */
export function pickLanguage(chosen: string | null, system: readonly string[]): Language {
  for (const tag of [chosen, ...system]) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && base in languages) return base as Language;
  }
  return 'en';
}

/**
 * The locale dates and numbers are written in: the system's own variant of the console's language when it
 * has one (en-GB writes 14/06, en-US 6/14; de-AT, de-CH…), else the language itself.
 */
export function deskLocale(language: string, system: readonly string[]): string {
  return system.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

export const i18n = i18next.createInstance();

export function initI18n(language: Language): Promise<unknown> {
  return i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: { en: { translation: en }, de: { translation: de } },
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => console.error(`i18n: missing key "${key}" in ${lngs.join(', ')}`),
  });
}
