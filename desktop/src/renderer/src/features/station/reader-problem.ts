/**
 * The headline of the station screen when no reader can work at all, by the NFC service's state: the PC/SC
 * service is down (IT starts it), or this machine has no NFC support installed (IT installs it; the
 * service's how-to sits under "Details for IT"). Either way the stations are hidden.
 */
export type ReaderProblem = 'serviceDown' | 'nfcUnavailable';

export function readerProblem(state: string | undefined): ReaderProblem | null {
  if (state === 'pcscd-unavailable') return 'serviceDown';
  if (state === 'nfc-unavailable') return 'nfcUnavailable';
  return null;
}
