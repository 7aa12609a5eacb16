// What a dialog's main button does: it is busy while `action` runs, the dialog closes when it
// succeeds, and when it fails the dialog stays open saying why.
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/http';

export function useDialogAction(action: () => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      await action();
      onClose();
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  }

  return { busy, error, run };
}
