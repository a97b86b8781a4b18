import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../store/index.ts';
import { errorMessageOf, useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/**
 * Disable / enable / mark lost / restore one band, done in the cloud and synced back; and replace it, which
 * happens at a station (offline too), where the replacement is written on a blank band there and then.
 */
export function BandActions(props: {
  orgId: string;
  bandId: string;
  status: string;
  replacedBy?: string | null;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const replaceAtStation = useConsole((s) => s.replaceAtStation);
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
      onSuccess: () => props.onDone(t(props.replacedBy ? 'bands.restoredRetired' : 'bands.restored', { bandId })),
      onError,
    }),
  );
  const markLost = useMutation(
    trpc.cloud.bands.markLost.mutationOptions({
      onSuccess: () => props.onDone(t('bands.markedLost', { bandId })),
      onError,
    }),
  );
  // Marking a band lost stops it at once for its attendee, and so does retiring its replacement: asked first.
  const [asking, setAsking] = useState<'lost' | 'restore' | null>(null);
  const busy = disable.isPending || enable.isPending || markLost.isPending || restore.isPending;
  const ref = { orgId: props.orgId, bandId };
  return (
    <>
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
      {/* A band marked lost by mistake (found again) works again; its replacement, if any, is retired. */}
      {props.status === 'LOST' && (
        <button
          type="button"
          className="small"
          disabled={busy}
          onClick={() => (props.replacedBy ? setAsking('restore') : restore.mutate(ref))}
        >
          {t('bands.restore')}
        </button>
      )}
      {/* The station's picker asks before the band is marked lost: nothing changes here. */}
      {!props.replacedBy && (
        <button type="button" className="small danger" onClick={() => replaceAtStation(bandId)}>
          {t('replace.atStation')}
        </button>
      )}
      {props.status !== 'LOST' && (
        <button type="button" className="small danger" disabled={busy} onClick={() => setAsking('lost')}>
          {t('bands.markLost')}
        </button>
      )}
      <ConfirmDialog
        open={asking === 'lost'}
        title={t('bands.lostTitle', { bandId })}
        cancelLabel={t('bands.lostCancel')}
        confirmLabel={t('bands.lostConfirm')}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          markLost.mutate(ref);
          setAsking(null);
        }}
      >
        <p>{t('bands.lostBody')}</p>
      </ConfirmDialog>
      {/* The replacement may be on the attendee's wrist (written at a station): the cloud retires it only when told to. */}
      <ConfirmDialog
        open={asking === 'restore'}
        title={t('replace.restoreTitle', { bandId })}
        cancelLabel={t('replace.restoreKeep')}
        confirmLabel={t('replace.restoreConfirm')}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          restore.mutate({ ...ref, retireReplacement: true });
          setAsking(null);
        }}
      >
        <p>{t('replace.restoreBody', { bandId, replacement: props.replacedBy })}</p>
      </ConfirmDialog>
    </>
  );
}
