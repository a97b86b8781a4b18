/**
 * nfc-pcsc, loaded when the NFC service starts rather than with the process: its native addon
 * (@pokusew/pcsclite) is built at `npm install` only where the PC/SC headers are, and a machine without it
 * must still run the console (browser mode, the event and band screens, sync). There the stations say that
 * NFC is unavailable and how to enable it, instead of the process ending with "Could not locate the
 * bindings file".
 */
import { PlainError } from '@sparkmotion/shared/errors';
import type { NFC } from 'nfc-pcsc';

export const NFC_HOW_TO =
  'Install the PC/SC library and its headers (Debian/Ubuntu: `sudo apt-get install pcscd libpcsclite-dev`), ' +
  'then rebuild the addon with `npm run build:native` and restart the console.';

/** Resolves to a factory of PC/SC watchers; rejects with a PlainError (message + NFC_HOW_TO) without the addon. */
export async function loadNfcPcsc(): Promise<() => NFC> {
  try {
    const { default: nfcPcsc } = await import('nfc-pcsc');
    return () => new nfcPcsc.NFC();
  } catch (error) {
    throw new PlainError("NFC is unavailable on this machine: nfc-pcsc's native addon does not load.", NFC_HOW_TO, {
      cause: error,
    });
  }
}
