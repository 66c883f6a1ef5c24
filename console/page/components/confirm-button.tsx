/**
 * A button that asks first when its action is destructive: a modal <dialog>
 * (focus held inside, Escape cancels) naming what will happen.
 */
import { useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export interface ConfirmButtonProps {
  label: string;
  /** When set, asked before acting. */
  confirm?: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  children?: ComponentChildren;
}

export function ConfirmButton({ label, confirm, onConfirm, disabled, danger }: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" class={danger ? 'danger' : undefined} disabled={disabled} onClick={() => (confirm ? dialog.current?.showModal() : onConfirm())}>
        {label}
      </button>
      {confirm && (
        <dialog ref={dialog} aria-label={`Confirm: ${label}`}>
          <p>{confirm}</p>
          <form method="dialog">
            <button value="cancel">Keep it</button>{' '}
            <button value="ok" class={danger ? 'danger' : undefined} onClick={() => onConfirm()}>
              {label}
            </button>
          </form>
        </dialog>
      )}
    </>
  );
}
