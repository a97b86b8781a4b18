import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessageOf, useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/**
 * Resets one band's tap counter in the cloud (docs/tap-trust.md), asked first: the way out for a band whose
 * real taps are refused as replayed after a forged counter got ahead of it.
 */
/** How a reset ended, for the panel to show as a success or a failure. */
export type ResetNotice = { ok: boolean; text: string };

export function ResetCounter(props: { orgId: string; bandId: string; onDone: (notice: ResetNotice) => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const { bandId } = props;
  const [asking, setAsking] = useState(false);
  const reset = useMutation(
    trpc.cloud.trust.resetBandCounter.mutationOptions({
      onSuccess: () => props.onDone({ ok: true, text: t('trustReset.done', { bandId }) }),
      onError: (error) =>
        props.onDone({ ok: false, text: t('trustReset.failed', { bandId, error: errorMessageOf(error) }) }),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="small danger"
        aria-label={t('trustReset.buttonFor', { bandId })}
        disabled={reset.isPending}
        onClick={() => setAsking(true)}
      >
        {t('trustReset.button')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('trustReset.title', { bandId })}
        cancelLabel={t('trustReset.keep')}
        confirmLabel={t('trustReset.confirm')}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          reset.mutate({ orgId: props.orgId, bandId });
          setAsking(false);
        }}
      >
        <p>{t('trustReset.body')}</p>
      </ConfirmDialog>
    </>
  );
}
