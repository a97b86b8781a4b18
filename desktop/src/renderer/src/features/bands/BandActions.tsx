import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessageOf, useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/** Disable / enable / lost-and-replace for one band; done in the cloud, then synced back. */
export function BandActions(props: {
  orgId: string;
  bandId: string;
  status: string;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const bandId = props.bandId;
  const onError = (error: unknown) => props.onDone(t('bands.changeFailed', { bandId, error: errorMessageOf(error) }));
  const disable = useMutation(
    trpc.cloud.bands.disable.mutationOptions({
      onSuccess: () => props.onDone(t('bands.disabled', { bandId })),
      onError,
    }),
  );
  const enable = useMutation(
    trpc.cloud.bands.enable.mutationOptions({ onSuccess: () => props.onDone(t('bands.enabled', { bandId })), onError }),
  );
  const restore = useMutation(
    trpc.cloud.bands.restore.mutationOptions({
      onSuccess: () => props.onDone(t('bands.restored', { bandId })),
      onError,
    }),
  );
  const replace = useMutation(
    trpc.cloud.bands.replace.mutationOptions({
      onSuccess: (result) => props.onDone(t('bands.replaced', { bandId, replacement: result.replacement.bandId })),
      onError,
    }),
  );
  // Marking a band lost stops it at once for its attendee: asked first.
  const [asking, setAsking] = useState(false);
  const busy = disable.isPending || enable.isPending || replace.isPending || restore.isPending;
  const ref = { orgId: props.orgId, bandId };
  return (
    <span className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
      {props.status === 'ACTIVE' && (
        <button type="button" className="small" disabled={busy} onClick={() => disable.mutate(ref)}>
          {t('bands.disable')}
        </button>
      )}
      {props.status === 'DISABLED' && (
        <button type="button" className="small" disabled={busy} onClick={() => enable.mutate(ref)}>
          {t('bands.enable')}
        </button>
      )}
      {/* A band marked lost by mistake (found again) works again; its unencoded replacement is retired. */}
      {props.status === 'LOST' && (
        <button type="button" className="small" disabled={busy} onClick={() => restore.mutate(ref)}>
          {t('bands.restore')}
        </button>
      )}
      {props.status !== 'LOST' && (
        <button type="button" className="small danger" disabled={busy} onClick={() => setAsking(true)}>
          {t('bands.lostReplace')}
        </button>
      )}
      <ConfirmDialog
        open={asking}
        title={t('bands.lostTitle', { bandId })}
        cancelLabel={t('bands.lostCancel')}
        confirmLabel={t('bands.lostConfirm')}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          replace.mutate(ref);
          setAsking(false);
        }}
      >
        <p>{t('bands.lostBody')}</p>
      </ConfirmDialog>
    </span>
  );
}
