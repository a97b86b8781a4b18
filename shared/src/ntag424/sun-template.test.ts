import { describe, expect, test } from 'vitest';
import { DomainError } from '../errors.ts';
import { ntag424SunTemplate, SUN_MAC_PLACEHOLDER, SUN_PICC_PLACEHOLDER, withSunPlaceholders } from './sun-template.ts';

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  Buffer.from(bytes.subarray(from, from + length)).toString('latin1');

describe('ntag424SunTemplate', () => {
  const url = withSunPlaceholders('https://hub.example/e?bandId=AbCdEfGhIjKlMnOp');

  test('lays the NDEF file out as NLEN + message, with the offsets the hand count gives', () => {
    // NLEN (2) | D1 01 <len> 55 | 04 | "hub.example/e?bandId=AbCdEfGhIjKlMnOp&picc=" (43 bytes)
    // → PICCData at 2 + 4 + 1 + 43 = 50; then 32 characters and "&cmac=" (6) → SDMMAC at 88.
    const template = ntag424SunTemplate(url);
    expect(url).toBe(
      `https://hub.example/e?bandId=AbCdEfGhIjKlMnOp&picc=${SUN_PICC_PLACEHOLDER}&cmac=${SUN_MAC_PLACEHOLDER}`,
    );
    expect(template.piccDataOffset).toBe(50);
    expect(template.macOffset).toBe(88);
    expect(template.file.length).toBe(104);
    expect((template.file[0]! << 8) | template.file[1]!).toBe(102);
    expect(ascii(template.file, template.piccDataOffset, 32)).toBe(SUN_PICC_PLACEHOLDER);
    expect(ascii(template.file, template.macOffset, 16)).toBe(SUN_MAC_PLACEHOLDER);
    expect(ascii(template.file, template.piccDataOffset - 5, 5)).toBe('picc=');
    expect(ascii(template.file, template.macOffset - 6, 6)).toBe('&cmac=');
  });

  test('works for a URL whose prefix is not abbreviated', () => {
    const template = ntag424SunTemplate(withSunPlaceholders('foo://x/e'));
    expect(ascii(template.file, template.piccDataOffset - 6, 6)).toBe('?picc=');
    expect(ascii(template.file, template.macOffset - 6, 6)).toBe('&cmac=');
  });

  test.each([
    ['no placeholders', 'https://hub.example/e?bandId=x'],
    ['picc after cmac', `https://h/e?cmac=${SUN_MAC_PLACEHOLDER}&picc=${SUN_PICC_PLACEHOLDER}`],
    ['something after cmac', `${withSunPlaceholders('https://h/e')}&x=1`],
    ['glued parameter name', `https://h/e?xpicc=${SUN_PICC_PLACEHOLDER}&cmac=${SUN_MAC_PLACEHOLDER}`],
    ['too long for the file', withSunPlaceholders(`https://h/e?bandId=${'A'.repeat(200)}`)],
  ])('refuses %s', (_case, bad) => {
    expect(() => ntag424SunTemplate(bad)).toThrow(DomainError);
  });

  test('withSunPlaceholders refuses a URL that already has them', () => {
    expect(() => withSunPlaceholders(url)).toThrow(DomainError);
  });
});
