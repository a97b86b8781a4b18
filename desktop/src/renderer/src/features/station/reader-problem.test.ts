import { describe, expect, test } from 'vitest';
import { de } from '../../i18n/de.ts';
import { en } from '../../i18n/en.ts';
import { readerProblem } from './reader-problem.ts';

describe('the station headline when no reader can work', () => {
  test('says NFC is unavailable on a machine without NFC support, not that a service should be started', () => {
    const key = readerProblem('nfc-unavailable');
    expect(key).toBe('nfcUnavailable');
    expect(en.station[key!]).toMatch(/^NFC is unavailable on this computer/);
    expect(en.station[key!]).not.toMatch(/start it/);
    expect(de.station[key!]).toMatch(/^NFC ist auf diesem Computer nicht verfügbar/);
  });

  test('asks IT to start the reader service when PC/SC is down', () => {
    const key = readerProblem('pcscd-unavailable');
    expect(key).toBe('serviceDown');
    expect(en.station[key!]).toMatch(/reader service is not running/);
  });

  test.each([['running'], ['starting'], ['stopped'], [undefined]])(
    'shows no headline when the service is %s',
    (state) => {
      expect(readerProblem(state)).toBeNull();
    },
  );
});
