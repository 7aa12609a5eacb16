// The operator picks which instance rights an account holds.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { AdminUser } from '../api';
import { rightNames } from '../rights';
import { useDialogAction } from './useDialogAction';

interface Props {
  user: AdminUser;
  onSave: (rights: number) => Promise<void>;
  onClose: () => void;
}

export function RightsDialog({ user, onSave, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [rights, setRights] = useState(user.rights);
  const { busy, error, run: save } = useDialogAction(() => onSave(rights), onClose);
  const titleId = useId();
  const idPrefix = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      if (element?.open) element.close();
    };
  }, []);

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <h2 id={titleId}>Rights of {user.username}</h2>
        <fieldset>
          <legend>Instance rights</legend>
          {rightNames.map((right) => {
            const id = `${idPrefix}-${right.bit}`;
            return (
              <div class="check-row" key={right.bit}>
                <input
                  id={id}
                  type="checkbox"
                  checked={(rights & right.bit) !== 0}
                  aria-describedby={`${id}-description`}
                  onChange={(event) =>
                    setRights((current) => (event.currentTarget.checked ? current | right.bit : current & ~right.bit))
                  }
                />
                <label for={id}>{right.name}</label>
                <p id={`${id}-description`} class="hint">
                  {right.description}
                </p>
              </div>
            );
          })}
        </fieldset>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save rights'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
