import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { useTRPC } from '../../trpc.ts';
import { wordsForCode } from '../FormErrors.tsx';

/** Always on screen: online/offline, pending local changes, last sync, and the error with a way out. */
export function SyncStatus() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  // The subscription alone: it starts with the current state. A `sync.state` query beside it could answer
  // after a newer pushed state and show that stale one until the next sync (seen as 'syncing' for 15 s).
  const state = useSubscription(trpc.sync.onState.subscriptionOptions());
  const syncNow = useMutation(trpc.sync.syncNow.mutationOptions());
  const signOut = useMutation(
    trpc.session.signOut.mutationOptions({
      onSuccess: () => queryClient.setQueryData(trpc.session.current.queryKey(), null),
    }),
  );
  const [showRefused, setShowRefused] = useState(false);
  const setOnline = useMutation(trpc.sync.setOnline.mutationOptions());
  const { mutate: reportOnline } = setOnline;

  // Browser mode: the page knows when the machine loses its network; tell the engine.
  useEffect(() => {
    const on = () => reportOnline({ online: true });
    const off = () => reportOnline({ online: false });
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, [reportOnline]);

  const s = state.data;
  if (!s) return null;
  const tone = s.status === 'error' || s.status === 'needs-sign-in' ? 'error' : s.online ? 'online' : 'offline';
  return (
    <div className={`sync ${tone}`} data-testid="sync-status" data-status={s.status} data-pending={s.pending}>
      <span className="dot" aria-hidden="true" />
      <strong>{s.status === 'idle' && s.pending > 0 ? t('sync.sending') : t(`sync.status.${s.status}`)}</strong>
      <span className="muted">
        {s.pending > 0 ? t('sync.waiting', { count: s.pending }) : t('sync.nothingWaiting')}
        {s.lastSyncAt ? t('sync.lastSync', { time: format.time(s.lastSyncAt) }) : ''}
      </span>
      {s.rejections > 0 && (
        <button type="button" className="small danger" onClick={() => setShowRefused((v) => !v)}>
          {t('sync.refused', { count: s.rejections })}
        </button>
      )}
      {showRefused && s.rejections > 0 && <RefusedChanges onClose={() => setShowRefused(false)} />}
      {s.status === 'needs-sign-in' && (
        <button type="button" className="small primary" onClick={() => signOut.mutate()}>
          {t('sync.signInAgain')}
        </button>
      )}
      {s.lastError && s.status !== 'idle' && (
        <span className="muted" title={s.lastError.message}>
          — {s.lastError.message}
        </span>
      )}
      <button type="button" className="small" onClick={() => syncNow.mutate()} disabled={syncNow.isPending}>
        {t('sync.syncNow')}
      </button>
    </div>
  );
}

/** Local changes the cloud refused, with its reason; the operator reads and dismisses them. */
function RefusedChanges(props: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const rejections = useQuery(trpc.store.rejections.queryOptions());
  const dismiss = useMutation(trpc.store.dismissRejection.mutationOptions({ onSuccess: () => rejections.refetch() }));
  return (
    <div className="card popover" role="dialog" aria-label={t('sync.refusedTitle')}>
      <div className="row">
        <h2 className="grow">{t('sync.refusedTitle')}</h2>
        <button type="button" className="small" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      {rejections.data?.map((r) => (
        <div key={r.id} className="row" style={{ alignItems: 'flex-start' }}>
          <span className="grow">
            <strong>{r.name}</strong> <span className="pill bad">{r.code}</span>
            <br />
            <small className="muted" title={r.message}>
              {wordsForCode(t, r.code) ?? r.message}
            </small>
          </span>
          <button type="button" className="small" onClick={() => dismiss.mutate({ id: r.id })}>
            {t('sync.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
