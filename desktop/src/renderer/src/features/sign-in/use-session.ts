import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../../trpc.ts';

/** Keeps the cached session in step with the main process (sign-in, sign-out, expiry). */
export function useSessionFeed(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.session.onChange.subscriptionOptions(undefined, {
      onData: (session) => queryClient.setQueryData(trpc.session.current.queryKey(), session),
    }),
  );
}
