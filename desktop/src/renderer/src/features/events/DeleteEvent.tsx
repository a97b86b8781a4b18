import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert } from '../FormErrors.tsx';

/**
 * Deleting an event, asked first: how many bands go with it (the cloud refuses an event with bands unless
 * they go too), and, offline, that only the cloud can delete. The count confirmed travels with the delete,
 * so it never takes more bands than the question said.
 */
export function DeleteEvent({ orgId, event }: { orgId: string; event: { id: string; name: string } }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const bands = useQuery({ ...trpc.store.bands.queryOptions({ eventId: event.id, limit: 1 }), enabled: open });
  const sync = useSubscription(trpc.sync.onState.subscriptionOptions(undefined, { enabled: open }));
  const offline = sync.data?.status === 'offline';
  const chosen = useConsole((s) => s.eventId);
  const selectOrg = useConsole((s) => s.selectOrg);
  const remove = useMutation(
    trpc.cloud.deleteEvent.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        // The deleted event was the one the desk works on: the screens pick another.
        if (chosen === event.id) selectOrg(orgId);
      },
    }),
  );
  const count = bands.data?.inEvent;
  const close = () => {
    setOpen(false);
    remove.reset();
  };
  return (
    <>
      <button
        type="button"
        className="danger small"
        aria-label={t('eventDelete.buttonFor', { name: event.name })}
        onClick={() => setOpen(true)}
      >
        {t('eventDelete.button')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('eventDelete.title', { name: event.name })}
        cancelLabel={t('eventDelete.keep')}
        confirmLabel={count ? t('eventDelete.confirmWithBands', { count }) : t('eventDelete.confirm')}
        confirmDisabled={count === undefined || offline || remove.isPending}
        onCancel={close}
        onConfirm={() => count !== undefined && remove.mutate({ orgId, eventId: event.id, bands: count })}
      >
        {count !== undefined && (
          <p data-testid="delete-event-bands">
            {count ? t('eventDelete.withBands', { count }) : t('eventDelete.noBands')} {t('eventDelete.forGood')}
          </p>
        )}
        {offline && (
          <p className="alert warn" role="status">
            {t('eventDelete.offline')}
          </p>
        )}
        <FormAlert error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
