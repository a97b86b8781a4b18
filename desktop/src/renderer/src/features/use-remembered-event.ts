import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useConsole } from '../store/index.ts';
import { useTRPC } from '../trpc.ts';

/**
 * The organization and event the desk works on survive a restart: picked again from the desk's settings at
 * start, written back whenever they change.
 */
export function useRememberedEvent(): void {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const { mutate: save } = useMutation(trpc.settings.update.mutationOptions());
  const orgId = useConsole((s) => s.orgId);
  const eventId = useConsole((s) => s.eventId);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current || !settings.data) return;
    restored.current = true;
    const { orgId: savedOrg, eventId: savedEvent } = settings.data;
    if (!savedOrg) return;
    useConsole.setState((s) => (s.eventId ? s : { orgId: savedOrg, eventId: savedEvent }));
  }, [settings.data]);

  useEffect(() => {
    if (!restored.current || !settings.data) return;
    if (orgId !== settings.data.orgId || eventId !== settings.data.eventId) save({ orgId, eventId });
  }, [orgId, eventId, settings.data, save]);
}
