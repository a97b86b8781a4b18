import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../store/index.ts';

/**
 * Asks before a screen with unsaved edits is left (the editor's windows). A modal `<dialog>`: focus stays
 * in it, Escape means stay. Closing the browser tab or window asks through the browser's own prompt.
 */
export function LeaveDialog() {
  const { t } = useTranslation();
  const leavingTo = useConsole((s) => s.leavingTo);
  const unsaved = useConsole((s) => s.unsaved);
  const confirmLeave = useConsole((s) => s.confirmLeave);
  const cancelLeave = useConsole((s) => s.cancelLeave);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const node = dialog.current;
    if (leavingTo && node && !node.open) node.showModal();
    if (!leavingTo && node?.open) node.close();
  }, [leavingTo]);

  useEffect(() => {
    if (unsaved === 0) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);

  return (
    <dialog ref={dialog} className="card dialog" aria-labelledby="leave-title" onClose={cancelLeave}>
      {leavingTo && (
        <>
          <h2 id="leave-title">{t('leave.title')}</h2>
          <p>{t('leave.body', { count: unsaved })}</p>
          <div className="row end">
            <button type="button" className="primary" onClick={cancelLeave}>
              {t('leave.stay')}
            </button>
            <button type="button" className="danger" onClick={confirmLeave}>
              {t('leave.discard')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
