// Logging in to (or registering on) one instance, including the TOTP step when the account has
// two-factor authentication. Used for the page's own instance and for "Add server".
import { useState } from 'preact/hooks';
import { ApiClient, ApiError, errorText, normalizeBaseUrl } from '../../shared/http';
import type { StoredInstance } from '../storage';
import { FormError } from './FormError';

type Mode = 'login' | 'register' | 'mfa';

interface LoginAnswer {
  token: string | null;
  user_id: string;
  mfa?: boolean;
  ticket?: string;
}

export function LoginForm({
  initialBaseUrl,
  inviteCode,
  onLoggedIn,
  onCancel,
}: {
  initialBaseUrl: string;
  inviteCode?: string | null;
  onLoggedIn: (instance: StoredInstance) => void;
  onCancel?: () => void;
}) {
  const [mode, setMode] = useState<Mode>(inviteCode ? 'register' : 'login');
  const [server, setServer] = useState(initialBaseUrl);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [consent, setConsent] = useState(false);
  const [code, setCode] = useState('');
  const [ticket, setTicket] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const baseUrl = () => normalizeBaseUrl(server);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const base = baseUrl();
      const api = new ApiClient(base);
      if (mode === 'register') {
        const body: Record<string, unknown> = { username, password, consent };
        if (displayName.trim()) body.global_name = displayName.trim();
        if (inviteCode) body.invite = inviteCode;
        const answer = await api.post<{ token: string; user_id: string }>('/auth/register', body);
        onLoggedIn({ baseUrl: base, token: answer.token, userId: answer.user_id });
      } else if (mode === 'login') {
        const answer = await api.post<LoginAnswer>('/auth/login', { login: username, password });
        if (answer.mfa && answer.ticket) {
          setTicket(answer.ticket);
          setMode('mfa');
        } else if (answer.token) {
          onLoggedIn({ baseUrl: base, token: answer.token, userId: answer.user_id });
        }
      } else {
        const answer = await api.post<LoginAnswer>('/auth/mfa/totp', { code: code.trim(), ticket });
        if (answer.token) onLoggedIn({ baseUrl: base, token: answer.token, userId: answer.user_id });
      }
    } catch (caught) {
      if (caught instanceof TypeError) setError('That server address is not valid.');
      else if (caught instanceof ApiError && caught.code === 50035 && mode !== 'mfa') setError(caught.describe());
      else setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  const title = mode === 'register' ? 'Create an account' : mode === 'mfa' ? 'Two-factor authentication' : 'Welcome back';
  return (
    <form class="login-form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{title}</h1>
      {inviteCode && mode !== 'mfa' && <p class="hint">You were invited to join a server. It opens once you are in.</p>}
      {mode !== 'mfa' && (
        <label>
          Server address
          <input
            type="text"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            value={server}
            required
            placeholder="https://chat.example.org"
            onInput={(event) => setServer(event.currentTarget.value)}
          />
        </label>
      )}
      {mode === 'mfa' ? (
        <label>
          Authentication code
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            required
            autoFocus
            placeholder="6-digit code or backup code"
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </label>
      ) : (
        <>
          <label>
            Username
            <input
              autoComplete="username"
              value={username}
              required
              minLength={2}
              maxLength={32}
              autoFocus
              onInput={(event) => setUsername(event.currentTarget.value)}
            />
          </label>
          {mode === 'register' && (
            <label>
              Display name (optional)
              <input value={displayName} maxLength={32} onInput={(event) => setDisplayName(event.currentTarget.value)} />
            </label>
          )}
          <label>
            Password
            <input
              type="password"
              autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
              value={password}
              required
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          </label>
          {mode === 'register' && (
            <label class="checkbox">
              <input type="checkbox" checked={consent} required onChange={(event) => setConsent(event.currentTarget.checked)} />
              I agree to this server's terms of service and privacy policy
            </label>
          )}
        </>
      )}
      <FormError error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {mode === 'register' ? 'Register' : mode === 'mfa' ? 'Verify' : 'Log in'}
      </button>
      <div class="login-switch">
        {mode === 'login' && (
          <button type="button" class="link-button" onClick={() => setMode('register')}>
            Need an account? Register
          </button>
        )}
        {mode === 'register' && (
          <button type="button" class="link-button" onClick={() => setMode('login')}>
            Already have an account? Log in
          </button>
        )}
        {mode === 'mfa' && (
          <button type="button" class="link-button" onClick={() => setMode('login')}>
            Back to login
          </button>
        )}
        {onCancel && (
          <button type="button" class="link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function LoginScreen(props: Parameters<typeof LoginForm>[0]) {
  return (
    <main class="login-screen">
      <div class="login-card">
        <div class="brand" aria-hidden="true">
          Accord
        </div>
        <LoginForm {...props} />
      </div>
    </main>
  );
}
