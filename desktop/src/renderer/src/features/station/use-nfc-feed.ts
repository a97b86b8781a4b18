import { useSubscription } from '@trpc/tanstack-react-query';
import type { NfcEvent } from '../../../../main/nfc/nfc-events.ts';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';

/** Feeds the NFC service's events into the station slice for as long as the console is open. */
export function useNfcFeed(): void {
  const trpc = useTRPC();
  const applyNfcEvent = useConsole((s) => s.applyNfcEvent);
  useSubscription(
    trpc.nfc.events.subscriptionOptions(undefined, {
      // Dates (a registration's registeredAt) arrive as ISO strings; the slice reads none of them.
      onData: (event) => applyNfcEvent(event as unknown as NfcEvent),
    }),
  );
}
