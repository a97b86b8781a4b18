import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../store/index.ts';
import { useTRPC } from '../trpc.ts';

/** The event a screen works on (stations, bands, analytics), shared through the store's nav slice. */
export function EventPicker() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const orgId = useConsole((s) => s.orgId);
  const eventId = useConsole((s) => s.eventId);
  const openEvent = useConsole((s) => s.openEvent);
  const screen = useConsole((s) => s.screen);
  const events = useQuery(trpc.store.events.queryOptions({ orgId: orgId ?? undefined }));
  const first = events.data?.[0]?.id;
  useEffect(() => {
    if (!eventId && first) openEvent(first, screen);
  }, [eventId, first, openEvent, screen]);
  return (
    <select
      aria-label={t('picker.event')}
      value={eventId ?? ''}
      onChange={(e) => openEvent(e.target.value, screen)}
      style={{ width: 280 }}
    >
      {events.data?.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
        </option>
      ))}
    </select>
  );
}
