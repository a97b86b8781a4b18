import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A modal question before something risky or lost for good: focus stays in it, Escape cancels, and the
 * safe choice comes first.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  /** The risky choice cannot be made now (the body says why). */
  confirmDisabled?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const node = dialog.current;
    if (props.open && node && !node.open) node.showModal();
    if (!props.open && node?.open) node.close();
  }, [props.open]);
  return (
    <dialog ref={dialog} className="card dialog" aria-label={props.title} onClose={props.onCancel}>
      {props.open && (
        <>
          <h2>{props.title}</h2>
          <div>{props.children}</div>
          <div className="row end">
            <button type="button" className="primary" onClick={props.onCancel}>
              {props.cancelLabel}
            </button>
            <button type="button" className="danger" onClick={props.onConfirm} disabled={props.confirmDisabled}>
              {props.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
