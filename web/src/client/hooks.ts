import { useEffect, useState } from 'preact/hooks';
import type { InstanceSession } from './session';

// Re-renders the component whenever the session's state changes.
export function useSession(session: InstanceSession | undefined): void {
  const [, setVersion] = useState(0);
  useEffect(() => session?.subscribe(() => setVersion((version) => version + 1)), [session]);
}
