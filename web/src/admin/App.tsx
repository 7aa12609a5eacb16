// The admin panel: signs the person in, finds out what they may do, and shows one view at a time,
// each with its own address under /admin (the server answers admin.html for all of them).
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, errorText } from '../shared/http';
import type { User } from '../shared/types';
import { AdminApi } from './api';
import { hasAnyAccess, probeAccess, type Access } from './access';
import { instanceUrl, storedToken, storeToken } from './session';
import { StatsPoller } from './statsPoller';
import { SignIn } from './SignIn';
import { NotOperator } from './NotOperator';
import { StatsView } from './StatsView';
import { ConfigView } from './ConfigView';
import { UsersView } from './UsersView';
import { GuildsView } from './GuildsView';
import { ReportsView } from './ReportsView';

type ViewName = 'stats' | 'config' | 'users' | 'guilds' | 'reports';

const views: { name: ViewName; title: string; allowed: (access: Access) => boolean }[] = [
  { name: 'stats', title: 'Statistics', allowed: (access) => access.operator },
  { name: 'config', title: 'Configuration', allowed: (access) => access.operator },
  { name: 'users', title: 'Users', allowed: (access) => access.manageUsers },
  { name: 'guilds', title: 'Guilds', allowed: (access) => access.manageGuilds },
  { name: 'reports', title: 'Reports', allowed: (access) => access.manageUsers },
];

function viewFromLocation(): ViewName | null {
  const name = window.location.pathname.replace(/^\/admin\/?/, '').split('/')[0];
  return views.some((view) => view.name === name) ? (name as ViewName) : null;
}

type Phase =
  | { kind: 'signed-out'; reason: string | null }
  | { kind: 'checking' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'denied'; me: User }
  | { kind: 'ready'; me: User; access: Access };

export function App() {
  const [token, setToken] = useState<string | null>(storedToken);
  const [phase, setPhase] = useState<Phase>(token ? { kind: 'checking' } : { kind: 'signed-out', reason: null });
  const [requestedView, setRequestedView] = useState<ViewName | null>(viewFromLocation);
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback((reason: string | null) => {
    storeToken(null);
    setToken(null);
    setPhase({ kind: 'signed-out', reason });
  }, []);

  const api = useMemo(
    () =>
      token
        ? new AdminApi(new ApiClient(instanceUrl(), token), () => signOut('Your session has ended. Sign in again.'))
        : null,
    [token, signOut],
  );
  const poller = useMemo(() => (api ? new StatsPoller(api) : null), [api]);

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    setPhase({ kind: 'checking' });
    (async () => {
      try {
        const me = await api.me();
        const access = await probeAccess(api);
        if (cancelled) return;
        setPhase(hasAnyAccess(access) ? { kind: 'ready', me, access } : { kind: 'denied', me });
      } catch (failure) {
        if (cancelled || (failure instanceof ApiError && failure.status === 401)) return;
        setPhase({ kind: 'unreachable', message: errorText(failure) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  useEffect(() => {
    const onPopState = () => setRequestedView(viewFromLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  async function signOutByChoice() {
    try {
      await api?.logout(); // ends this token on the server too
    } catch {
      // Already gone or unreachable: forgetting it here is what matters.
    }
    signOut(null);
  }

  if (phase.kind === 'signed-out' || !api) {
    return (
      <SignIn
        reason={phase.kind === 'signed-out' ? phase.reason : null}
        onSignedIn={(newToken) => {
          storeToken(newToken);
          setToken(newToken);
        }}
      />
    );
  }
  if (phase.kind === 'checking') {
    return (
      <main class="sign-in" aria-busy="true">
        <p role="status">Checking your account…</p>
      </main>
    );
  }
  if (phase.kind === 'unreachable') {
    return (
      <main class="sign-in">
        <h1>Cannot reach the server</h1>
        <p role="alert">{phase.message}</p>
        <div class="form-actions">
          <button type="button" class="primary" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
          <button type="button" onClick={() => signOut(null)}>
            Sign out
          </button>
        </div>
      </main>
    );
  }
  if (phase.kind === 'denied') return <NotOperator username={phase.me.username} onSignOut={signOutByChoice} />;

  const { me, access } = phase;
  const allowedViews = views.filter((view) => view.allowed(access));
  const current = allowedViews.find((view) => view.name === requestedView) ?? allowedViews[0];

  function open(event: MouseEvent, name: ViewName) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.pushState(null, '', `/admin/${name}`);
    setRequestedView(name);
  }

  return (
    <div class="layout">
      <header class="top-bar">
        <h1>
          Accord admin <span class="muted host">{window.location.host}</span>
        </h1>
        <div class="account">
          <span>
            Signed in as <strong>{me.username}</strong>
          </span>
          <button type="button" onClick={signOutByChoice}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="sections" aria-label="Admin sections">
        <ul>
          {allowedViews.map((view) => (
            <li key={view.name}>
              <a
                href={`/admin/${view.name}`}
                aria-current={view.name === current.name ? 'page' : undefined}
                onClick={(event) => open(event, view.name)}
              >
                {view.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="content">
        {current.name === 'stats' && poller && <StatsView poller={poller} />}
        {current.name === 'config' && <ConfigView api={api} />}
        {current.name === 'users' && <UsersView api={api} myId={me.id} canGrantRights={access.operator} />}
        {current.name === 'guilds' && <GuildsView api={api} />}
        {current.name === 'reports' && <ReportsView api={api} />}
      </main>
    </div>
  );
}
