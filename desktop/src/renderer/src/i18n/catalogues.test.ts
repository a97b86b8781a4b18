import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAND_CSV_COLUMNS } from '@sparkmotion/shared/bands/band-csv';
import { FailureCode } from '@sparkmotion/shared/errors';
import { describe, expect, test } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { deskLocale, pickLanguage } from './i18n.ts';

const rendererDir = join(import.meta.dirname, '..');

function keysOf(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** Every literal key the code passes to `t(…)` (template keys with `${…}` are checked by their own tests). */
function keysUsedInCode(): Array<{ file: string; key: string }> {
  return sourceFiles(rendererDir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)].map((m) => ({
      file: file.slice(rendererDir.length + 1),
      key: m[1]!,
    })),
  );
}

const has = (keys: Set<string>, key: string) => keys.has(key) || keys.has(`${key}_one`);

describe('the catalogues', () => {
  test.each([
    ['English', en],
    ['German', de],
  ])('%s has every key the code uses', (_language, catalogue) => {
    const keys = new Set(keysOf(catalogue));
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((u) => !has(keys, u.key))).toEqual([]);
  });

  test('German has exactly the English keys, none left empty or untranslated by accident', () => {
    expect(keysOf(de).sort()).toEqual(keysOf(en).sort());
    expect(keysOf(de).filter((key) => key.split('.').reduce<unknown>((o, k) => (o as never)[k], de) === '')).toEqual(
      [],
    );
  });

  test.each([
    ['English', en],
    ['German', de],
  ])('%s has words for every failure a station tap can end with', (_language, catalogue) => {
    expect(FailureCode.options.filter((code) => !(code in catalogue.stationOutcome.failed))).toEqual([]);
  });

  test.each([
    ['English', en],
    ['German', de],
  ])('%s says what is wrong with a value of every band import column', (_language, catalogue) => {
    expect(BAND_CSV_COLUMNS.filter((column) => !(column in catalogue.importErrors.invalid))).toEqual([]);
  });

  test('every sync status the engine reports has words in both languages', () => {
    for (const status of ['idle', 'syncing', 'offline', 'needs-sign-in', 'error', 'stopped'])
      for (const catalogue of [en, de]) expect(catalogue.sync.status).toHaveProperty(status);
  });
});

describe('pickLanguage', () => {
  test.each([
    ['the chosen language over the system', 'de', ['en-US'], 'de'],
    ['the system language when none is chosen', null, ['de-AT', 'en'], 'de'],
    ['English for a language we do not have', null, ['fr-FR'], 'en'],
  ] as const)('takes %s', (_name, chosen, system, expected) => {
    expect(pickLanguage(chosen, system)).toBe(expected);
  });
});

describe('deskLocale', () => {
  test.each([
    ['the system variant of the language', 'en', ['en-GB', 'de-DE'], 'en-GB'],
    ['the first variant that matches', 'de', ['fr-FR', 'de-AT'], 'de-AT'],
    ['the language itself when the system has none of it', 'de', ['en-US'], 'de'],
  ] as const)('writes dates in %s', (_name, language, system, expected) => {
    expect(deskLocale(language, system)).toBe(expected);
  });
});
