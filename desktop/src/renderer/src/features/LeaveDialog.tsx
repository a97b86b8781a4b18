import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../store/index.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/**
 * Asks before a screen with unsaved edits is left (the editor's windows). Closing the browser tab or window
 * asks through the browser's own prompt.
 */
export function LeaveDialog() {
  const { t } = useTranslation();
  const leavingTo = useConsole((s) => s.leavingTo);
  const unsaved = useConsole((s) => s.unsaved);
  const confirmLeave = useConsole((s) => s.confirmLeave);
  const cancelLeave = useConsole((s) => s.cancelLeave);

  useEffect(() => {
    if (unsaved === 0) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);

  return (
    <ConfirmDialog
      open={leavingTo !== null}
      title={t('leave.title')}
      cancelLabel={t('leave.stay')}
      confirmLabel={t('leave.discard')}
      onCancel={cancelLeave}
      onConfirm={confirmLeave}
    >
      <p>{t('leave.body', { count: unsaved })}</p>
    </ConfirmDialog>
  );
}
