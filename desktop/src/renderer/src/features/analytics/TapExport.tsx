import { skipToken, useMutation } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

/**
 * Every raw tap of the event as one CSV file. The desk's main process writes it page by page (a festival's
 * taps are gigabytes, too much for a browser tab); this screen only starts it, follows its progress, offers
 * to cancel and, in browser mode, downloads the finished file.
 */
export function TapExport(props: { scope: { orgId: string; eventId: string } }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trpc = useTRPC();
  const [id, setId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const start = useMutation(
    trpc.tapExport.start.mutationOptions({
      onSuccess: (state) => setId(state?.id ?? null),
      onError: (error) => setFailure(t('analytics.exportFailed', { message: errorMessageOf(error) })),
    }),
  );
  const cancel = useMutation(trpc.tapExport.cancel.mutationOptions());
  const progress = useSubscription(trpc.tapExport.onProgress.subscriptionOptions(id ? { id } : skipToken));
  const state = progress.data?.id === id ? progress.data : null;
  const running = start.isPending || state?.status === 'running' || (id !== null && state === null && !progress.error);

  // Browser mode: the host hands the finished file out once, as a download.
  const download = state?.status === 'done' ? state.download : null;
  useEffect(() => {
    if (!download) return;
    const link = document.createElement('a');
    link.href = download;
    link.download = '';
    link.click();
  }, [download]);

  const lost = progress.error && t('analytics.exportFailed', { message: errorMessageOf(progress.error) });
  const message = failure ?? lost ?? (state ? messageOf(state) : null);
  function messageOf(s: NonNullable<typeof state>): string | null {
    if (s.status === 'done') return t('analytics.exported', { count: s.done });
    if (s.status === 'cancelled') return t('analytics.exportCancelled');
    if (s.status === 'failed')
      return t('analytics.exportIncomplete', {
        done: format.number(s.done),
        message: s.error ?? '',
        file: s.file ?? '',
      });
    return null;
  }

  return (
    <div className="row">
      <button
        type="button"
        onClick={() => {
          setFailure(null);
          setId(null);
          start.mutate(props.scope);
        }}
        disabled={running}
      >
        {t('analytics.export')}
      </button>
      {running && (
        <>
          <progress max={state?.total || 1} value={state?.done ?? 0} aria-label={t('analytics.exportProgress')} />
          <span className="muted">
            {t('analytics.exporting', {
              done: format.number(state?.done ?? 0),
              total: format.number(state?.total ?? 0),
            })}
          </span>
          {id && (
            <button type="button" onClick={() => cancel.mutate({ id })}>
              {t('analytics.exportCancel')}
            </button>
          )}
        </>
      )}
      {message && (
        <span className="muted" data-testid="tap-export-message">
          {message}
        </span>
      )}
    </div>
  );
}
